package cn.kcbx.kernel.directory;

import java.util.Arrays;
import java.util.Optional;

/** 办学性质. */
public enum SchoolOwnership {
    PUBLIC("公办"),
    PRIVATE("民办");

    private final String label;

    SchoolOwnership(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static Optional<SchoolOwnership> parse(String text) {
        String value = text == null ? "" : text.strip();
        return Arrays.stream(values())
                     .filter(ownership -> ownership.label.equals(value) || ownership.name().equalsIgnoreCase(value))
                     .findFirst();
    }
}
