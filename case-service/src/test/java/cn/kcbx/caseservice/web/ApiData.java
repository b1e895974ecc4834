package cn.kcbx.caseservice.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fictional request bodies for every command, as the JSON a client sends (field names = the kernel commands' record
 * components, enums by name, dates ISO, value objects as plain strings). Every student gets a fresh, valid
 * GB 11643 ID number so that tests never collide on the one-open-case-per-student rule. All names, numbers, schools
 * and places are invented.
 */
final class ApiData {

    static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
    static final String VILLAGE_CODE = "430181105203";
    static final String SCHOOL_CODE = "2143000001";
    /** A village of another town (430181106) of the same county: where transferred test cases go. */
    static final String OTHER_TOWN_VILLAGE_CODE = "430181106201";

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int[] WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    private static final String CHECK_CHARACTERS = "10X98765432";
    private static final AtomicInteger STUDENTS = new AtomicInteger();
    private static final List<String> NAMES = List.of("林小禾", "苏若溪", "吴晓川", "陈果果", "叶星辰", "罗一帆",
            "阿依古丽·吐尔逊", "唐小满", "何雨桐", "孟知秋");

    private ApiData() {
    }

    static LocalDate today() {
        return LocalDate.now(CHINA);
    }

    /** A date that is certainly in the future in China, whatever the hour. */
    static String future() {
        return today().plusYears(1).toString();
    }

    // ------------------------------------------------------------------ identity

    /** A valid ID number: S = Σ aᵢ·Wᵢ, check character "10X98765432"[S mod 11]; odd sequence = boy. */
    static String idNumber(String region, LocalDate birthDate, int sequence) {
        String first17 = region + birthDate.format(DateTimeFormatter.BASIC_ISO_DATE) + "%03d".formatted(sequence);
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (first17.charAt(i) - '0') * WEIGHTS[i];
        }
        return first17 + CHECK_CHARACTERS.charAt(sum % 11);
    }

    /** The same number with a wrong check character. */
    static String withWrongCheckCharacter(String idNumber) {
        char right = idNumber.charAt(17);
        char wrong = right == '0' ? '1' : '0';
        return idNumber.substring(0, 17) + wrong;
    }

    /** A new fictional student, 10–13 years old on every identification date the tests use (2025-10 to now). */
    static Student newStudent(boolean boy) {
        int n = STUDENTS.getAndIncrement();
        LocalDate birthDate = LocalDate.of(2013, 1, 1).plusDays(n % 700);
        int sequence = 10 + ((n / 700) % 400) * 2 + (boy ? 1 : 0);
        return new Student(NAMES.get(n % NAMES.size()), idNumber("430181", birthDate, sequence), boy ? "MALE" : "FEMALE",
                birthDate);
    }

    static Student newStudent() {
        return newStudent(STUDENTS.get() % 2 == 0);
    }

    /** A new fictional student whose ID number ends in the check character X. */
    static Student newStudentWithCheckX() {
        while (true) {
            Student student = newStudent();
            if (student.idNumber().endsWith("X")) {
                return student;
            }
        }
    }

    record Student(String name, String idNumber, String sex, LocalDate birthDate) {

        ObjectNode json() {
            return object().put("name", name).put("idNumber", idNumber).put("sex", sex);
        }
    }

    // ------------------------------------------------------------------ commands

    static ObjectNode identify(Student student, String identifiedOn) {
        ObjectNode body = object();
        body.put("source", "TERM_START_CHECK");
        body.put("identifiedOn", identifiedOn);
        body.set("student", student.json());
        body.set("household", object().put("village", VILLAGE_CODE).put("address", "青禾村三组 8 号"));
        body.set("lastSchool", object().put("schoolName", "青禾乡中心小学").put("schoolCode", SCHOOL_CODE)
                                       .put("grade", "GRADE_6"));
        ArrayNode categories = body.putArray("priorityCategories");
        categories.add(object().put("category", "LEFT_BEHIND_CHILD").put("since", "2024-09-01")
                               .put("sourceRegister", "青禾乡留守儿童摸排名单"));
        ObjectNode reasons = object().put("primary", "LEARNING_DIFFICULTY").put("note", "父母在外务工，祖父年迈无力管教");
        reasons.putArray("others").add("FAMILY_OR_GUARDIANSHIP");
        body.set("suspectedReasons", reasons);
        return body;
    }

    static ObjectNode confirm(String confirmedOn) {
        return object().put("confirmedOn", confirmedOn).put("note", "连续四周未到校，入户核实属实");
    }

    static ObjectNode notDropout(String verifiedOn, String category) {
        ObjectNode body = object().put("verifiedOn", verifiedOn).put("category", category)
                                  .put("note", "经核实已在外省就读");
        body.putArray("evidence").add(evidence("ENROLMENT_CERTIFICATE", verifiedOn));
        return body;
    }

    static ObjectNode recheck(String checkedOn) {
        ObjectNode body = object().put("checkedOn", checkedOn).put("reason", "MISSING_OR_UNREACHABLE")
                                  .put("note", "家中无人，邻居称全家外出，去向不明");
        body.putArray("evidence").add(evidence("INVESTIGATION_RECORD", checkedOn));
        return body;
    }

    static ObjectNode evidence(String kind, String issuedOn) {
        return object().put("kind", kind).put("reference", "青禾证字〔2026〕" + (STUDENTS.get() % 90 + 10) + "号")
                       .put("issuedBy", "青禾村村委会").put("issuedOn", issuedOn);
    }

    static ObjectNode helper(String name, String unitOrRelation, String phone) {
        return object().put("name", name).put("unitOrRelation", unitOrRelation).put("phone", phone);
    }

    static ObjectNode trio(String assignedOn) {
        ObjectNode body = object().put("assignedOn", assignedOn);
        body.set("teacher", helper("周晓梅", "青禾乡中心小学 班主任", "13800000101"));
        body.set("villageCadre", helper("罗长青", "青禾村村委会 村主任", "13900000202"));
        body.set("guardian", helper("林大木", "父亲", "13700000303"));
        return body;
    }

    static ObjectNode replaceTrioMember(String replacedOn, String role, ObjectNode newMember) {
        ObjectNode body = object().put("replacedOn", replacedOn).put("role", role).put("reason", "原班主任调往县城任教");
        body.set("newMember", newMember);
        return body;
    }

    static ObjectNode visit(String visitId, String visitedOn) {
        ObjectNode body = object().put("visitId", visitId).put("visitedOn", visitedOn)
                                  .put("method", "HOME_VISIT").put("outcome", "UNDECIDED")
                                  .put("notes", "与祖父面谈，家长同意考虑返校").put("nextStep", "联系在外务工的父亲电话沟通");
        body.putArray("trioParticipants").add("TEACHER").add("VILLAGE_CADRE");
        body.putArray("otherParticipants").add("驻村工作队 陈思远");
        return body;
    }

    static ObjectNode visit(String visitedOn) {
        return visit(UUID.randomUUID().toString(), visitedOn);
    }

    static ObjectNode criticism(String criticisedOn) {
        return object().put("criticisedOn", criticisedOn).put("issuedBy", "青禾乡人民政府").put("note", "对监护人进行批评教育");
    }

    static ObjectNode correctionOrder(String orderNumber, String issuedOn, String deadline) {
        return object().put("orderNumber", orderNumber).put("issuedOn", issuedOn).put("issuedBy", "青禾乡人民政府")
                       .put("deadline", deadline);
    }

    static ObjectNode documentServed(String documentReference, String servedOn) {
        return object().put("documentReference", documentReference).put("servedOn", servedOn).put("servedTo", "林大木")
                       .put("serviceMethod", "IN_PERSON");
    }

    static ObjectNode judicialIntervention(String intervenedOn) {
        return object().put("intervenedOn", intervenedOn).put("authority", "JUSTICE_OFFICE")
                       .put("authorityName", "青禾乡司法所").put("note", "司法所约谈监护人");
    }

    static ObjectNode lawsuit(String filedOn) {
        return object().put("filedOn", filedOn).put("court", "青禾县人民法院").put("caseNumber", "（2025）湘0181民初1234号");
    }

    static ObjectNode lawsuitOutcome(String decidedOn) {
        return object().put("decidedOn", decidedOn).put("outcome", "MEDIATED").put("note", "法院主持调解，监护人承诺送子女返校");
    }

    static ObjectNode returnToSchool(String returnedOn) {
        return object().put("returnedOn", returnedOn).put("schoolName", "青禾乡中心小学").put("schoolCode", SCHOOL_CODE)
                       .put("grade", "GRADE_6").put("className", "六年级（1）班").put("placement", "REGULAR_CLASS");
    }

    static ObjectNode relapse(String droppedOutAgainOn) {
        return object().put("droppedOutAgainOn", droppedOutAgainOn).put("note", "返校后连续两周未到校");
    }

    static ObjectNode correctDate(long sequence, String correctedDate) {
        return object().put("sequence", sequence).put("correctedDate", correctedDate)
                       .put("reason", "录入时日期写错，以纸质台账为准");
    }

    static ObjectNode crossOff(String crossedOffOn) {
        return object().put("crossedOffOn", crossedOffOn).put("note", "观察期内出勤正常");
    }

    static ObjectNode disability(String verifiedOn) {
        return object().put("verifiedOn", verifiedOn).put("category", "PHYSICAL").put("level", "LEVEL_1")
                       .put("certificateReference", "残证字第 20260917 号");
    }

    static ObjectNode homeTeaching(String startsOn) {
        ObjectNode body = object().put("schoolOfRegistration", "青禾乡中心小学").put("requiredSessionsPerWeek", 2)
                                  .put("periodsPerSession", 3).put("startsOn", startsOn);
        body.putArray("teachers").add("周晓梅").add("谭明远");
        return body;
    }

    static ObjectNode homeTeachingSession(String sessionId, String deliveredOn) {
        ObjectNode body = object().put("sessionId", sessionId).put("deliveredOn", deliveredOn).put("periods", 3)
                                  .put("content", "认读生字 20 个；康复训练");
        body.putArray("teachers").add("周晓梅").add("谭明远");
        return body;
    }

    static ObjectNode close(String closedOn, String category) {
        ObjectNode body = object().put("closedOn", closedOn).put("category", category);
        body.putArray("evidence").add(evidence("EXIT_ENTRY_RECORD", closedOn));
        return body;
    }

    static ObjectNode reopen(String reopenedOn) {
        return object().put("reopenedOn", reopenedOn).put("reason", "学生再次连续两周未到校");
    }

    /** A 户籍迁移 to {@code village}. */
    static ObjectNode transfer(String transferredOn, String village) {
        ObjectNode body = object().put("kind", "HOUSEHOLD_MOVED").put("transferredOn", transferredOn)
                                  .put("note", "随父母迁户至新居住地");
        body.set("household", object().put("village", village).put("address", "新居住地 2 组 6 号"));
        return body;
    }

    /** A 学籍转移 to the school {@code schoolCode}. */
    static ObjectNode enrolmentTransfer(String transferredOn, String schoolName, String schoolCode) {
        ObjectNode body = object().put("kind", "ENROLMENT_TRANSFERRED").put("transferredOn", transferredOn);
        body.set("school", object().put("schoolName", schoolName).put("schoolCode", schoolCode));
        return body;
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }
}
