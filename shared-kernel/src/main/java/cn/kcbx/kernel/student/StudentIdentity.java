package cn.kcbx.kernel.student;

import cn.kcbx.kernel.InvalidValueException;

import java.time.LocalDate;
import java.util.Optional;

/**
 * Who a suspected dropout is. At least one identifier is required. Birth date and sex may be left out; they are then
 * taken from the ID number, or from the student number when there is no ID number. When given, they must agree with
 * that identifier. The student number is not cross-checked against the ID number: a G-type number keeps the ID the
 * student had when it was issued, which may since have changed.
 */
public record StudentIdentity(String name, IdNumber idNumber, StudentNumber studentNumber, Sex sex,
                              LocalDate birthDate) {

    private static final char NAME_DOT = '·';
    /** Look-alikes clerks type for the middle dot of minority and transliterated names (阿卜杜拉·艾力). */
    private static final String DOT_VARIANTS = "•・･.．‧∙⋅";

    public StudentIdentity {
        name = normaliseName(name);
        if (idNumber == null && studentNumber == null) {
            throw new InvalidValueException("STUDENT_IDENTIFIER_REQUIRED", "idNumber", "身份证号和学籍号至少填写一项");
        }
        String source;
        LocalDate encodedBirthDate;
        Sex encodedSex;
        if (idNumber != null) {
            source = "身份证号";
            encodedBirthDate = idNumber.birthDate();
            encodedSex = idNumber.sex();
        } else {
            Optional<IdNumber> embedded = studentNumber.embeddedIdNumber();
            source = embedded.isPresent() ? "学籍号中的身份证号" : "学籍号";
            encodedBirthDate = studentNumber.birthDate();
            // Only a G-type number is known to encode sex; J and L sequence digits carry no documented meaning.
            encodedSex = embedded.map(IdNumber::sex).orElse(null);
        }
        if (birthDate == null) {
            birthDate = encodedBirthDate;
        } else if (!birthDate.equals(encodedBirthDate)) {
            throw new InvalidValueException("BIRTH_DATE_MISMATCH", "birthDate",
                    "出生日期与" + source + "不符：" + source + "显示为 " + encodedBirthDate + "，填写的是 " + birthDate);
        }
        if (sex == null) {
            if (encodedSex == null) {
                throw new InvalidValueException("SEX_REQUIRED", "sex", "没有身份证号时请填写性别");
            }
            sex = encodedSex;
        } else if (encodedSex != null && sex != encodedSex) {
            throw new InvalidValueException("SEX_MISMATCH", "sex",
                    "性别与" + source + "第17位不符：" + source + "显示为" + encodedSex.label() + "，填写的是" + sex.label());
        }
    }

    /** The key for duplicate-case detection: the ID number if known, else the student number. */
    public String studentKey() {
        if (idNumber != null) {
            return idNumber.value();
        }
        // A G-type student number is the ID number with a prefix: the same child, whichever was entered.
        return studentNumber.embeddedIdNumber().map(IdNumber::value).orElse(studentNumber.value());
    }

    /** Full years (周岁) on the given date. */
    public int ageOn(LocalDate date) {
        return IdNumberRules.fullYears(birthDate, date);
    }

    /** Masked: a minor's name, ID number and birth date stay out of logs. */
    @Override
    public String toString() {
        return "StudentIdentity[name=" + maskedName()
                + ", idNumber=" + (idNumber == null ? null : idNumber.masked())
                + ", studentNumber=" + (studentNumber == null ? null : studentNumber.masked())
                + ", sex=" + sex + "]";
    }

    private String maskedName() {
        int first = name.codePointAt(0);
        return new String(Character.toChars(first)) + "*".repeat(name.codePointCount(0, name.length()) - 1);
    }

    private static String normaliseName(String raw) {
        if (raw == null || raw.isBlank()) {
            throw new InvalidValueException("NAME_REQUIRED", "name", "请填写学生姓名");
        }
        StringBuilder sb = new StringBuilder();
        boolean pendingSpace = false;
        String stripped = raw.strip();
        for (int i = 0; i < stripped.length(); ) {
            int cp = stripped.codePointAt(i);
            i += Character.charCount(cp);
            if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
                pendingSpace = true;
                continue;
            }
            if (pendingSpace) {
                sb.append(' ');
                pendingSpace = false;
            }
            sb.appendCodePoint(DOT_VARIANTS.indexOf(cp) >= 0 ? NAME_DOT : cp);
        }
        String name = sb.toString();
        int length = name.codePointCount(0, name.length());
        if (name.codePoints().anyMatch(Character::isDigit)) {
            throw new InvalidValueException("NAME_CONTAINS_DIGITS", "name", "姓名中不能有数字，填写的是“" + name + "”");
        }
        boolean allowedCharacters = name.codePoints()
                .allMatch(cp -> Character.isLetter(cp) || cp == NAME_DOT || cp == ' ' || cp == '〇');
        if (!allowedCharacters || name.charAt(0) == NAME_DOT || name.charAt(name.length() - 1) == NAME_DOT
                || name.contains("··")) {
            throw new InvalidValueException("NAME_CHARACTERS", "name",
                    "姓名只能包含文字，少数民族姓名可用间隔号“·”分隔，填写的是“" + name + "”");
        }
        if (length < 2 || length > 30) {
            throw new InvalidValueException("NAME_LENGTH", "name", "姓名应为 2–30 个字，填写的是 " + length + " 个字");
        }
        return name;
    }
}
