package cn.kcbx.caseservice.web;

import cn.kcbx.kernel.contact.MobileNumber;
import cn.kcbx.kernel.jackson.KernelJackson;
import cn.kcbx.kernel.student.IdNumber;
import cn.kcbx.kernel.student.StudentNumber;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An event's fields as JSON without full personal identifiers: ID numbers, student numbers and mobile numbers are
 * written masked by type ({@code 4301**********123X}), and free text is scrubbed of anything that looks like one (a
 * run of 15 or more digits, as in a disability certificate number, or an 11-digit mobile number). Full values are
 * only shown through the audited reveal.
 */
final class MaskedEventData {

    private static final Pattern LONG_NUMBER = Pattern.compile("\\d{14,}[\\dXx]");
    private static final Pattern MOBILE = Pattern.compile("(?<!\\d)1[3-9]\\d{9}(?!\\d)");

    private final ObjectMapper mapper;

    MaskedEventData() {
        SimpleModule masking = new SimpleModule("personal-data-masking");
        masking.addSerializer(IdNumber.class, masked(IdNumber.class, IdNumber::masked));
        masking.addSerializer(StudentNumber.class, masked(StudentNumber.class, StudentNumber::masked));
        masking.addSerializer(MobileNumber.class, masked(MobileNumber.class, MobileNumber::masked));
        this.mapper = KernelJackson.newMapper().registerModule(masking);
    }

    JsonNode of(Object payload) {
        return scrub(mapper.valueToTree(payload));
    }

    private static JsonNode scrub(JsonNode node) {
        if (node instanceof ObjectNode object) {
            object.fieldNames().forEachRemaining(name -> object.set(name, scrub(object.get(name))));
            return object;
        }
        if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                array.set(i, scrub(array.get(i)));
            }
            return array;
        }
        if (node instanceof TextNode text) {
            return TextNode.valueOf(scrubText(text.textValue()));
        }
        return node;
    }

    static String scrubText(String text) {
        String result = replace(LONG_NUMBER, text, run -> run.substring(0, 4) + "*".repeat(run.length() - 8)
                + run.substring(run.length() - 4));
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

    private static <T> StdSerializer<T> masked(Class<T> type, Function<T, String> masking) {
        return new StdSerializer<>(type) {
            @Override
            public void serialize(T value, JsonGenerator generator, SerializerProvider provider) throws IOException {
                generator.writeString(masking.apply(value));
            }
        };
    }
}
