package cn.kcbx.kernel.dropoutcase;

import cn.kcbx.kernel.InvalidValueException;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Shape checks used by the compact constructors of case commands. Each failure is an {@link InvalidValueException}
 * naming the record component ({@code field}) and, in Chinese, what the clerk has to fix ({@code what}).
 */
public final class Checks {

    /** Person and unit names. */
    public static final int NAME_MAX = 50;
    /** Short texts: school names, document numbers, places. */
    public static final int TEXT_MAX = 200;
    /** Notes and free descriptions. */
    public static final int NOTE_MAX = 2000;

    private Checks() {
    }

    public static <T> T required(T value, String field, String what) {
        if (value == null) {
            throw new InvalidValueException("VALUE_REQUIRED", field, "请填写" + what);
        }
        return value;
    }

    /** A required text, stripped; blank counts as missing. */
    public static String text(String value, String field, String what, int maxLength) {
        String stripped = optionalText(value, field, what, maxLength);
        if (stripped == null) {
            throw new InvalidValueException("VALUE_REQUIRED", field, "请填写" + what);
        }
        return stripped;
    }

    /** An optional text, stripped; blank becomes null. */
    public static String optionalText(String value, String field, String what, int maxLength) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String stripped = value.strip();
        int length = stripped.codePointCount(0, stripped.length());
        if (length > maxLength) {
            throw new InvalidValueException("TEXT_TOO_LONG", field,
                    what + "不能超过 " + maxLength + " 个字，填写的是 " + length + " 个字");
        }
        return stripped;
    }

    /** A UUID chosen by the caller (case, visit or session id), in canonical lower-case form. */
    public static String uuid(String value, String field, String what) {
        String stripped = text(value, field, what, 36);
        try {
            String canonical = UUID.fromString(stripped).toString();
            if (canonical.equalsIgnoreCase(stripped)) {
                return canonical;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw new InvalidValueException("INVALID_IDENTIFIER", field,
                what + "格式不正确，应为 36 位 UUID（如 123e4567-e89b-12d3-a456-426614174000），填写的是“" + stripped + "”");
    }

    public static int inRange(int value, int min, int max, String field, String what) {
        if (value < min || value > max) {
            throw new InvalidValueException("NUMBER_OUT_OF_RANGE", field,
                    what + "应在 " + min + "–" + max + " 之间，填写的是 " + value);
        }
        return value;
    }

    /** An immutable copy of a list whose elements are all present; null means empty. */
    public static <T> List<T> list(List<T> values, String field, String what) {
        if (values == null) {
            return List.of();
        }
        for (int i = 0; i < values.size(); i++) {
            required(values.get(i), field + "[" + i + "]", what);
        }
        return List.copyOf(values);
    }

    /** The list itself, or a rejection when it is empty. */
    public static <T> List<T> nonEmpty(List<T> values, String field, String what) {
        if (values.isEmpty()) {
            throw new InvalidValueException("VALUE_REQUIRED", field, "请填写" + what);
        }
        return values;
    }

    /** An immutable list of stripped, non-blank texts; null means empty. */
    public static List<String> texts(List<String> values, String field, String what, int maxLength) {
        if (values == null) {
            return List.of();
        }
        List<String> result = new ArrayList<>(values.size());
        for (int i = 0; i < values.size(); i++) {
            result.add(text(values.get(i), field + "[" + i + "]", what, maxLength));
        }
        return List.copyOf(result);
    }

    /** An immutable enum set in declaration order (stable for serialisation); null means empty. */
    public static <E extends Enum<E>> Set<E> enumSet(Collection<E> values, Class<E> type, String field, String what) {
        EnumSet<E> set = EnumSet.noneOf(type);
        if (values != null) {
            for (E value : values) {
                set.add(required(value, field, what));
            }
        }
        return Collections.unmodifiableSet(set);
    }

    /** For event constructors: an immutable copy, null meaning empty. Never validates (events are history). */
    public static <T> List<T> copy(List<T> values) {
        return values == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(values));
    }

    /** For event constructors: an immutable enum set, null meaning empty. Never validates (events are history). */
    public static <E extends Enum<E>> Set<E> copy(Collection<E> values, Class<E> type) {
        EnumSet<E> set = EnumSet.noneOf(type);
        if (values != null) {
            set.addAll(values);
        }
        return Collections.unmodifiableSet(set);
    }

    /** Digits only, of an exact length (school codes, for example). */
    public static String digits(String value, int length, String field, String what, String code) {
        String stripped = value.strip();
        if (stripped.length() != length || !stripped.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new InvalidValueException(code, field,
                    what + "应为 " + length + " 位数字，填写的是“" + stripped + "”");
        }
        return stripped;
    }
}
