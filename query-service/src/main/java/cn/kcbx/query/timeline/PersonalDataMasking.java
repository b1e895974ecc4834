package cn.kcbx.query.timeline;

import cn.kcbx.kernel.jackson.KernelJackson;
import cn.kcbx.kernel.jackson.MaskedIdentifiers;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import org.bson.Document;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

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

    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {
    };

    private final ObjectMapper mapper;

    PersonalDataMasking() {
        SimpleModule sortedSets = new SimpleModule("sorted-sets");
        sortedSets.addSerializer(sortedSets());
        this.mapper = KernelJackson.newMapper().registerModule(MaskedIdentifiers.module()).registerModule(sortedSets);
    }

    /** The payload's fields (all but {@code caseId}), masked, as a BSON document. */
    Document data(Object payload) {
        Map<String, Object> fields = mapper.convertValue(payload, MAP);
        fields.remove("caseId");
        return (Document) scrub(fields);
    }

    /** Masks long digit runs and mobile numbers inside free text. */
    static String scrubText(String text) {
        return MaskedIdentifiers.scrubText(text);
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
