package cn.kcbx.query.ledger;

import cn.kcbx.kernel.InvalidValueException;

import java.util.Comparator;
import java.util.Map;
import java.util.function.Function;

/** The {@code sort} parameter of a ledger: {@code field} or {@code field,asc|desc}, from a fixed list of fields. */
final class LedgerSort {

    private LedgerSort() {
    }

    /** The field a {@code sort} parameter names (not checked: {@link #parse} refuses an unknown one). */
    static String field(String sort, String defaultField) {
        return sort == null || sort.isBlank() ? defaultField : sort.strip().split(",")[0].strip();
    }

    static <T> Comparator<T> parse(String sort, Map<String, Comparator<T>> fields, String defaultField,
                                   Function<T, String> tieBreaker) {
        String value = sort == null || sort.isBlank() ? defaultField : sort.strip();
        String[] parts = value.split(",");
        String field = parts[0].strip();
        Comparator<T> comparator = fields.get(field);
        if (comparator == null || parts.length > 2) {
            throw new InvalidValueException("INVALID_SORT", "sort",
                    "排序字段“" + value + "”不支持，可选：" + String.join("、", fields.keySet()) + "（可加 ,asc 或 ,desc）");
        }
        if (parts.length == 2) {
            String direction = parts[1].strip().toLowerCase();
            if (direction.equals("desc")) {
                comparator = comparator.reversed();
            } else if (!direction.equals("asc")) {
                throw new InvalidValueException("INVALID_SORT", "sort", "排序方向只能是 asc（升序）或 desc（降序）");
            }
        }
        return comparator.thenComparing(tieBreaker);
    }

    static <T, U extends Comparable<? super U>> Comparator<T> nullsLast(Function<T, U> key) {
        return Comparator.comparing(key, Comparator.nullsLast(Comparator.naturalOrder()));
    }
}
