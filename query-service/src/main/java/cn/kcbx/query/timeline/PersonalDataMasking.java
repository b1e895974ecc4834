package cn.kcbx.query.timeline;

import cn.kcbx.kernel.contact.MobileNumber;
import cn.kcbx.kernel.jackson.KernelJackson;
import cn.kcbx.kernel.student.IdNumber;
import cn.kcbx.kernel.student.StudentNumber;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bson.Document;

/**
 * Turns an event payload into the compact data map of a timeline entry without full personal identifiers:
 * <ul>
 *   <li>ID numbers, student numbers (a G-number holds the ID number) and mobile numbers are written masked, by type;</li>
 *   <li>every text is also scrubbed: a run of 15 or more digits (an ID number or a number that embeds one, such as a
 *       disability certificate number) keeps its first and last 4 characters, an 11-digit mobile number its first 3
 *       and last 4;</li>
 *   <li>sets are written sorted, so the same event always gives the same document (rebuild equals live).</li>
 * </ul>
 */
final class PersonalDataMasking {

    private static final Pattern LONG_NUMBER = Pattern.compile("\\d{14,}[\\dXx]");
    private static final Pattern MOBILE = Pattern.compile("(?<!\\d)1[3-9]\\d{9}(?!\\d)");
    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {
    };

    private final ObjectMapper mapper;

    PersonalDataMasking() {
        SimpleModule masking = new SimpleModule("personal-data-masking");
        masking.addSerializer(IdNumber.class, masked(IdNumber.class, IdNumber::masked));
        masking.addSerializer(StudentNumber.class, masked(StudentNumber.class, StudentNumber::masked));
        masking.addSerializer(MobileNumber.class, masked(MobileNumber.class, MobileNumber::masked));
        masking.addSerializer(sortedSets());
        this.mapper = KernelJackson.newMapper().registerModule(masking);
    }

    /** The payload's fields (all but {@code caseId}), masked, as a BSON document. */
    Document data(Object payload) {
        Map<String, Object> fields = mapper.convertValue(payload, MAP);
        fields.remove("caseId");
        return (Document) scrub(fields);
    }

    /** Masks long digit runs and mobile numbers inside free text. */
    static String scrubText(String text) {
        String result = replace(LONG_NUMBER, text,
                                run -> run.substring(0, 4) + "*".repeat(run.length() - 8) + run.substring(run.length() - 4));
        return replace(MOBILE, result, mobile -> mobile.substring(0, 3) + "****" + mobile.substring(7));
    }

    private static String replace(Pattern pattern, String text, Function<String, String> masking) {
        Matcher matcher = pattern.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            matcher.appendReplacement(out, Matcher.quoteReplacement(masking.apply(matcher.group())));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private static Object scrub(Object value) {
        if (value instanceof Map<?, ?> map) {
            Document document = new Document();
            map.forEach((key, item) -> document.append(String.valueOf(key), scrub(item)));
            return document;
        }
        if (value instanceof List<?> list) {
            List<Object> items = new ArrayList<>(list.size());
            list.forEach(item -> items.add(scrub(item)));
            return items;
        }
        if (value instanceof String text) {
            return scrubText(text);
        }
        return value;
    }

    private static <T> StdSerializer<T> masked(Class<T> type, Function<T, String> masking) {
        return new StdSerializer<>(type) {
            @Override
            public void serialize(T value, JsonGenerator generator, SerializerProvider provider) throws IOException {
                generator.writeString(masking.apply(value));
            }
        };
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static StdSerializer<Set> sortedSets() {
        return new StdSerializer<>(Set.class) {
            @Override
            public void serialize(Set value, JsonGenerator generator, SerializerProvider provider) throws IOException {
                List<Object> sorted = new ArrayList<>(value);
                sorted.sort(Comparator.comparing(String::valueOf));
                generator.writeStartArray();
                for (Object item : sorted) {
                    provider.defaultSerializeValue(item, generator);
                }
                generator.writeEndArray();
            }
        };
    }
}
