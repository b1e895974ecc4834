package cn.kcbx.kernel.region;

import cn.kcbx.kernel.InvalidValueException;

import java.util.Optional;

/**
 * An administrative division code: 6 digits for a county (GB/T 2260), 9 for a town (乡镇街道) and 12 for a village
 * (村居委会), as in the statistical division codes. Trailing zero groups of the statistical form are dropped, so
 * "430122000000" is stored as the county "430122" and "430122100000" as the town "430122100"; this makes
 * jurisdiction a plain prefix test.
 */
public record DivisionCode(String value) {

    public enum Level {
        COUNTY("县"),
        TOWN("乡镇"),
        VILLAGE("村");

        private final String label;

        Level(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    public DivisionCode {
        if (value == null || value.isBlank()) {
            throw new InvalidValueException("DIVISION_CODE_REQUIRED", null, "请填写行政区划代码");
        }
        value = value.strip();
        if (!value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new InvalidValueException("DIVISION_CODE_CHARACTERS", null,
                    "行政区划代码只能由数字组成，填写的是“" + value + "”");
        }
        if (value.length() != 6 && value.length() != 9 && value.length() != 12) {
            throw new InvalidValueException("DIVISION_CODE_LENGTH", null,
                    "行政区划代码应为 6 位（县）、9 位（乡镇）或 12 位（村），填写的是 " + value.length() + " 位");
        }
        if (value.length() == 12 && value.endsWith("000")) {
            value = value.substring(0, 9);
        }
        if (value.length() == 9 && value.endsWith("000")) {
            value = value.substring(0, 6);
        }
        if (value.length() == 12 && value.startsWith("000", 6)) {
            throw new InvalidValueException("DIVISION_CODE_TOWN_MISSING", null,
                    "村级区划代码“" + value + "”的第 7–9 位（乡镇）不能为 000");
        }
        if (!Provinces.isKnownPrefix(value)) {
            throw new InvalidValueException("DIVISION_CODE_REGION_UNKNOWN", null,
                    "行政区划代码“" + value + "”的前两位“" + value.substring(0, 2) + "”不是有效的省级代码");
        }
        if (value.startsWith("0000", 2)) {
            throw new InvalidValueException("DIVISION_CODE_TOO_COARSE", null,
                    "行政区划代码“" + value + "”只到省级（第 3–6 位为 0000），请填写到县（区）级或更细");
        }
    }

    public Level level() {
        return switch (value.length()) {
            case 6 -> Level.COUNTY;
            case 9 -> Level.TOWN;
            default -> Level.VILLAGE;
        };
    }

    public DivisionCode county() {
        return level() == Level.COUNTY ? this : new DivisionCode(value.substring(0, 6));
    }

    /** The town of a town or village code; empty for a county. */
    public Optional<DivisionCode> town() {
        return switch (level()) {
            case COUNTY -> Optional.empty();
            case TOWN -> Optional.of(this);
            case VILLAGE -> Optional.of(new DivisionCode(value.substring(0, 9)));
        };
    }

    /** Jurisdiction test: true when {@code other} is this division or lies inside it. */
    public boolean contains(DivisionCode other) {
        return other.value.startsWith(value);
    }

    /**
     * The village's town or the town's county.
     *
     * @throws IllegalStateException for a county: levels above the county are not modelled
     */
    public DivisionCode parent() {
        return switch (level()) {
            case COUNTY -> throw new IllegalStateException("county " + value + " has no modelled parent");
            case TOWN -> county();
            case VILLAGE -> new DivisionCode(value.substring(0, 9));
        };
    }

    @Override
    public String toString() {
        return value;
    }
}
