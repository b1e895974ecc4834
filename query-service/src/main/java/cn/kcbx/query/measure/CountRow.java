package cn.kcbx.query.measure;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** One line of a breakdown: a category and how many cases fall in it. */
public record CountRow(String code, String label, int count) {

    /**
     * Counts {@code items} by the enum values {@code keys} gives each (none, one or several), listing every value of
     * {@code type} in declaration order, zeros included, so that breakdowns of different units line up.
     */
    public static <T, E extends Enum<E>> List<CountRow> byEnum(Collection<T> items, Class<E> type,
                                                               Function<T, Collection<E>> keys,
                                                               Function<E, String> label) {
        Map<E, Integer> counts = new EnumMap<>(type);
        for (E value : type.getEnumConstants()) {
            counts.put(value, 0);
        }
        for (T item : items) {
            for (E key : keys.apply(item)) {
                counts.merge(key, 1, Integer::sum);
            }
        }
        List<CountRow> rows = new ArrayList<>(counts.size());
        counts.forEach((key, count) -> rows.add(new CountRow(key.name(), label.apply(key), count)));
        return rows;
    }
}
