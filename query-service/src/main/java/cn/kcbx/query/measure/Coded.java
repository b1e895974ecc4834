package cn.kcbx.query.measure;

/** An enum value as the API shows it: the stable code and its Chinese label. */
public record Coded(String code, String label) {

    public static Coded of(Enum<?> value, String label) {
        return value == null ? null : new Coded(value.name(), label);
    }
}
