package cn.kcbx.kernel.jackson;

import cn.kcbx.kernel.contact.MobileNumber;
import cn.kcbx.kernel.contact.PersonalNumbersInText;
import cn.kcbx.kernel.student.IdNumber;
import cn.kcbx.kernel.student.StudentNumber;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.Module;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;

import java.io.IOException;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Personal identifiers as every list shows them: ID numbers, student numbers (a G-number holds the ID number) and
 * mobile numbers written masked by type ({@code 4301**********123X}, {@code 138****5678}), and free text scrubbed of
 * anything that looks like one: ID and mobile numbers by the kernel's one rule ({@link PersonalNumbersInText}), also
 * when written in groups ({@code 138-1234-5678}, {@code +86 138 1234 5678}, {@code 4301 0219 9001 0112 3X}), and
 * any other run of 15 or more digits, as in a disability certificate number that embeds the ID number, keeps its
 * first and last 4 characters. Full values only come from the audited reveal.
 */
public final class MaskedIdentifiers {

    private static final Pattern LONG_NUMBER = Pattern.compile("\\d{14,}[\\dXx]");

    private MaskedIdentifiers() {
    }

    /** A Jackson module that writes the identifier value objects masked. */
    public static Module module() {
        SimpleModule masking = new SimpleModule("masked-identifiers");
        masking.addSerializer(IdNumber.class, masked(IdNumber.class, IdNumber::masked));
        masking.addSerializer(StudentNumber.class, masked(StudentNumber.class, StudentNumber::masked));
        masking.addSerializer(MobileNumber.class, masked(MobileNumber.class, MobileNumber::masked));
        return masking;
    }

    /** Masks ID numbers, mobile numbers and other long digit runs inside free text. */
    public static String scrubText(String text) {
        if (text == null) {
            return null;
        }
        return replace(LONG_NUMBER, PersonalNumbersInText.mask(text),
                       run -> run.substring(0, 4) + "*".repeat(run.length() - 8) + run.substring(run.length() - 4));
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
