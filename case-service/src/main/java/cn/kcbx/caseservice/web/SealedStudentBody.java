package cn.kcbx.caseservice.web;

import cn.kcbx.caseservice.intake.IntakeSealingKey;
import cn.kcbx.caseservice.intake.SealedStudent;
import cn.kcbx.kernel.InvalidValueException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An identification body whose student came sealed from a phone ({@code sealedStudent}): opened here and put in place
 * of {@code student}, so that everything after (validation, the one-open-case rule, request ids) sees an ordinary
 * identification. The opened identity is never logged and never quoted in an error.
 */
final class SealedStudentBody {

    private static final String STUDENT = "student";

    private final IntakeSealingKey key;
    private final ObjectMapper objectMapper;

    SealedStudentBody(IntakeSealingKey key, ObjectMapper objectMapper) {
        this.key = key;
        this.objectMapper = objectMapper;
    }

    /** The body itself when it has no sealed student; else a copy with the student opened. */
    ObjectNode opened(ObjectNode body) {
        JsonNode sealed = body.get(SealedStudent.FIELD);
        if (sealed == null || sealed.isNull()) {
            return body;
        }
        JsonNode plain = body.get(STUDENT);
        if (plain != null && !plain.isNull()) {
            throw new InvalidValueException("STUDENT_SEALED_AND_PLAIN", SealedStudent.FIELD,
                    "同一条登记中既有加密的学生身份信息（sealedStudent），又有未加密的（student），只能有其中一份；"
                            + "请重新填写学生身份信息后再发送");
        }
        if (!sealed.isObject()) {
            throw SealedStudent.invalid();
        }
        String json = new SealedStudent(text(sealed, "keyId"), text(sealed, "wrappedKey"), text(sealed, "iv"),
                                        text(sealed, "ciphertext")).open(key);
        JsonNode student;
        try {
            student = objectMapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw SealedStudent.invalid(); // without the cause: its message quotes the decrypted text
        }
        if (student == null || !student.isObject()) {
            throw SealedStudent.invalid();
        }
        ObjectNode opened = body.deepCopy();
        opened.remove(SealedStudent.FIELD);
        opened.set(STUDENT, student);
        return opened;
    }

    private static String text(JsonNode sealed, String field) {
        JsonNode value = sealed.get(field);
        return value != null && value.isTextual() ? value.asText() : null;
    }
}
