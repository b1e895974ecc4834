package cn.kcbx.kernel.directory;

import java.util.Arrays;
import java.util.Optional;

/** 学段 of a school as the directory records it. */
public enum SchoolStage {
    PRIMARY("小学"),
    JUNIOR("初中"),
    NINE_YEAR("九年一贯制学校"),
    SPECIAL("特殊教育学校"),
    COMPLETE_SECONDARY("完全中学");

    private final String label;

    SchoolStage(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** The stage a spreadsheet names, by label (九年一贯制 also without 学校) or by code. */
    public static Optional<SchoolStage> parse(String text) {
        String value = text == null ? "" : text.strip();
        return Arrays.stream(values())
                     .filter(stage -> stage.label.equals(value) || stage.name().equalsIgnoreCase(value)
                             || stage.label.equals(value + "学校"))
                     .findFirst();
    }
}
