package cn.kcbx.benchmark;

import cn.kcbx.kernel.contact.MobileNumber;
import cn.kcbx.kernel.dropoutcase.identification.DropoutReason;
import cn.kcbx.kernel.dropoutcase.identification.IdentificationSource;
import cn.kcbx.kernel.dropoutcase.identification.IdentifyCase;
import cn.kcbx.kernel.dropoutcase.identification.PriorityCategory;
import cn.kcbx.kernel.dropoutcase.identification.PriorityCategoryEntry;
import cn.kcbx.kernel.dropoutcase.identification.SuspectedReasons;
import cn.kcbx.kernel.dropoutcase.school.Grade;
import cn.kcbx.kernel.dropoutcase.school.LastSchool;
import cn.kcbx.kernel.dropoutcase.trio.AssignTrio;
import cn.kcbx.kernel.dropoutcase.trio.Helper;
import cn.kcbx.kernel.dropoutcase.trio.TrioRole;
import cn.kcbx.kernel.dropoutcase.verification.ConfirmDropout;
import cn.kcbx.kernel.dropoutcase.visit.LogVisit;
import cn.kcbx.kernel.dropoutcase.visit.VisitMethod;
import cn.kcbx.kernel.dropoutcase.visit.VisitOutcome;
import cn.kcbx.kernel.region.DivisionCode;
import cn.kcbx.kernel.region.HouseholdLocation;
import cn.kcbx.kernel.student.IdNumber;
import cn.kcbx.kernel.student.StudentIdentity;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Invented but valid case data. Student {@code n} gets a unique GB 11643 ID number (county code, birth date, 3-digit
 * sequence, check character) with a birth date that makes the child 7–15 years old today, an invented name and a
 * village code of the form 4301xx1tt2vv. Thread-safe: every call draws a new student number.
 */
final class FictionalCases {

    private static final String[] COUNTIES = {"430121", "430122", "430124", "430181", "431102", "433101"};
    private static final String[] COUNTY_NAMES = {"长沙县", "望城县", "宁乡县", "浏阳市", "零陵区", "吉首市"};
    private static final String[] SURNAMES = {"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙",
            "马", "朱", "胡", "郭", "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹"};
    private static final String GIVEN = "子涵欣怡梓轩浩宇雨萱思远佳琪俊杰明辉志强晓燕秀英建国丽华文博嘉怡天佑诗琪";
    private static final String[] SCHOOLS = {"第一中学", "城关小学", "实验学校", "中心小学", "九年制学校"};

    private final LocalDate today;
    private final LocalDate youngestBirth;
    private final int birthDays;
    private final AtomicLong students = new AtomicLong();

    FictionalCases(LocalDate today) {
        this.today = today;
        // 7 years old today at the youngest; 15 (not yet 16) at the oldest, with a month's margin so that the child
        // is of compulsory age (6–16) on an identification date up to 30 days back.
        this.youngestBirth = today.minusYears(7);
        LocalDate oldestBirth = today.minusYears(16).plusDays(40);
        this.birthDays = (int) ChronoUnit.DAYS.between(oldestBirth, youngestBirth);
    }

    LocalDate today() {
        return today;
    }

    /** A unique valid 18-character ID number for student {@code n} (unique for n below 1000·6·birthDays). */
    String idNumber(long n) {
        int sequence = (int) (n % 1000);
        long rest = n / 1000;
        String county = COUNTIES[(int) (rest % COUNTIES.length)];
        LocalDate birth = youngestBirth.minusDays((rest / COUNTIES.length) % birthDays);
        String first17 = county + birth.toString().replace("-", "") + String.format("%03d", sequence);
        return first17 + IdNumber.checkCharacter(first17);
    }

    static String name(long n) {
        int g = GIVEN.length();
        return SURNAMES[(int) (n % SURNAMES.length)] + GIVEN.charAt((int) ((n / 7) % g))
                + GIVEN.charAt((int) ((n / 131) % g));
    }

    static String village(long n) {
        String county = COUNTIES[(int) ((n / 1000) % COUNTIES.length)];
        return county + (100 + (int) (n % 12)) + (201 + (int) ((n / 12) % 30));
    }

    /** An identification of a new student, found {@code daysAgo} days ago (0–30). */
    IdentifyCase identify(String caseId, int daysAgo) {
        long n = students.getAndIncrement();
        String id = idNumber(n);
        StudentIdentity student = new StudentIdentity(name(n), new IdNumber(id), null, null, null);
        LocalDate identifiedOn = today.minusDays(daysAgo);
        int age = student.ageOn(identifiedOn);
        Grade grade = Grade.values()[Math.max(0, Math.min(8, age - 7))];
        int county = (int) ((n / 1000) % COUNTIES.length);
        String village = village(n);
        return new IdentifyCase(caseId, IdentificationSource.TERM_START_CHECK, null, identifiedOn, student,
                new HouseholdLocation(new DivisionCode(village),
                        "湖南省" + COUNTY_NAMES[county] + "第" + (n % 12 + 1) + "镇第" + (n % 30 + 1) + "村" + (n % 9 + 1) + "组"
                                + (n % 80 + 1) + "号"),
                new LastSchool(COUNTY_NAMES[county] + SCHOOLS[(int) (n % SCHOOLS.length)],
                        "21" + village.substring(0, 6) + String.format("%02d", n % 100), grade),
                List.of(new PriorityCategoryEntry(PriorityCategory.LEFT_BEHIND_CHILD, identifiedOn.minusYears(1),
                        "县民政局农村留守儿童信息台账")),
                new SuspectedReasons(DropoutReason.LEARNING_DIFFICULTY, Set.of(DropoutReason.FAMILY_OR_GUARDIANSHIP),
                        "开学两周未到校报到，班主任多次电话联系家长未果；父母在外务工，由祖父母照看，学生沉迷手机游戏。"));
    }

    static ConfirmDropout confirm(String caseId, LocalDate confirmedOn) {
        return new ConfirmDropout(caseId, confirmedOn,
                "乡镇中心学校会同村委会入户核实：学生已连续两周未到校，确认辍学。");
    }

    static AssignTrio assignTrio(String caseId, long n, LocalDate assignedOn) {
        String suffix = String.format("%04d", n % 10000);
        return new AssignTrio(caseId, assignedOn,
                new Helper(name(n + 3) + "老师", "所在学校 班主任", new MobileNumber("1390731" + suffix)),
                new Helper(name(n + 5), "所在村村民委员会 主任", new MobileNumber("1380732" + suffix)),
                new Helper(name(n + 11).substring(0, 1) + "建国", "父亲", new MobileNumber("1360733" + suffix)));
    }

    /** A visit {@code daysAgo} days ago (at least 1, at most 20: after the setup's identification 30 days ago). */
    static LogVisit visit(String caseId, int daysAgo) {
        LocalDate visitedOn = LocalDate.now(cn.kcbx.kernel.time.DateRules.CHINA_ZONE).minusDays(daysAgo);
        return new LogVisit(caseId, UUID.randomUUID().toString(), visitedOn,
                EnumSet.of(TrioRole.TEACHER, TrioRole.VILLAGE_CADRE), List.of("驻村工作队队员 李明"),
                VisitMethod.HOME_VISIT, VisitOutcome.UNDECIDED,
                "入户与学生及祖父母面谈，宣讲义务教育法，学生表示担心跟不上课程；已联系学校安排补课。",
                "一周后再次入户，邀请学生到校参观。", visitedOn.plusDays(7));
    }
}
