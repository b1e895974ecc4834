package cn.kcbx.demo;

import cn.kcbx.demo.DemoCounty.Person;
import cn.kcbx.demo.DemoCounty.School;
import cn.kcbx.demo.DemoCounty.Town;
import cn.kcbx.demo.DemoCounty.Village;
import cn.kcbx.kernel.actor.Actor;
import cn.kcbx.kernel.dropoutcase.CasePolicy;
import cn.kcbx.kernel.student.Sex;
import cn.kcbx.kernel.time.DateRules;
import cn.kcbx.kernel.time.TermCalendar;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

/**
 * The demo county's whole history as one chronological list of commands. A pure function of the seed, the size,
 * the last day and the case policy: the same inputs give the same county, people, dates and request ids.
 *
 * <p>Every case is written as a story (a {@link DemoPath}) whose dates respect the case's rules (verification after
 * identification, the watch period before 销号, a served order's deadline before 司法介入 ...), all on or before
 * {@code lastDay}; a step that would fall later is left out, so the case simply stays where it got to.
 */
final class DemoTimeline {

    static final ZoneId ZONE = DateRules.CHINA_ZONE;
    /** How far back the county's history reaches. */
    static final int HISTORY_DAYS = 540;

    /** One generated case: who the student is and which story the case follows. */
    record DemoCase(int index, DemoPath path, String studentName, String idNumber, String villageCode,
                    LocalDate identifiedOn) {
    }

    private final DemoCounty county;
    private final LocalDate lastDay;
    private final List<DemoCase> cases;
    private final List<DemoStep> steps;

    private DemoTimeline(DemoCounty county, LocalDate lastDay, List<DemoCase> cases, List<DemoStep> steps) {
        this.county = county;
        this.lastDay = lastDay;
        this.cases = cases;
        this.steps = steps;
    }

    /** The last day of the history (the day before the load). */
    LocalDate lastDay() {
        return lastDay;
    }

    DemoCounty county() {
        return county;
    }

    List<DemoCase> cases() {
        return cases;
    }

    List<DemoStep> steps() {
        return steps;
    }

    static DemoTimeline generate(long seed, int towns, int casesPerTown, LocalDate lastDay, CasePolicy policy) {
        Random random = new Random(seed);
        DemoCounty county = new DemoCounty(towns, random);
        FictionalIdNumbers idNumbers = new FictionalIdNumbers(DemoCounty.COUNTY_CODE);
        List<DemoCase> cases = new ArrayList<>();
        List<DemoStep> steps = new ArrayList<>();
        int total = towns * casesPerTown;
        DemoPath[] paths = DemoPath.values();
        for (int i = 0; i < total; i++) {
            // The first round takes every path once, so even a small county shows them all.
            DemoPath path = i < paths.length ? paths[i] : weighted(random);
            Town town = county.towns().get(i % towns);
            CaseScript script = new CaseScript(i, path, county, town, idNumbers, random, lastDay, policy, seed);
            script.write();
            cases.add(script.demoCase());
            steps.addAll(script.steps);
        }
        // Per case the instants strictly increase, so a stable sort keeps every case's own order.
        steps.sort(Comparator.comparing(DemoStep::at));
        List<DemoStep> numbered = new ArrayList<>(steps.size());
        for (int i = 0; i < steps.size(); i++) {
            numbered.add(steps.get(i).withRequestId(requestId(seed, towns, casesPerTown, i)));
        }
        return new DemoTimeline(county, lastDay, List.copyOf(cases), List.copyOf(numbered));
    }

    /** A stable X-Request-Id: resending the timeline is answered from the store and changes nothing. */
    static String requestId(long seed, int towns, int casesPerTown, int stepIndex) {
        String name = "kcbx-demo:" + seed + ":" + towns + "x" + casesPerTown + ":" + stepIndex;
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static DemoPath weighted(Random random) {
        int roll = random.nextInt(100);
        for (int i = 0; i < DemoPath.WEIGHTS.length; i++) {
            roll -= DemoPath.WEIGHTS[i];
            if (roll < 0) {
                return DemoPath.values()[i];
            }
        }
        return DemoPath.PERSUADING;
    }

    // =================================================================== one case

    /** Writes one case's commands, in order, with dates that its rules accept. */
    private static final class CaseScript {

        private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

        final List<DemoStep> steps = new ArrayList<>();
        private final int index;
        private final DemoPath path;
        private final DemoCounty county;
        private final Village firstVillage;
        /** Where the case is worked: the household's town and village, which a transfer changes. */
        private Town town;
        private Village village;
        /** The schools that may act on the case (its last school, the schools it returned to): see CaseScopes. */
        private final Set<String> caseSchools = new HashSet<>();
        private School returnedTo;
        private final Random random;
        private final LocalDate lastDay;
        private final LocalDate firstDay;
        private final TermCalendar calendar;
        private final long seed;
        private final FictionalIdNumbers idNumbers;

        private LocalDate identifiedOn;
        private String studentName;
        private String idNumber;
        private LocalDate birthDate;
        private Person guardian;
        private String guardianRelation;
        private Person teacher;
        private String teacherSchool;
        private LocalDateTime lastAt;
        private int visits;
        private int sessions;
        private int documents;

        CaseScript(int index, DemoPath path, DemoCounty county, Town town, FictionalIdNumbers idNumbers,
                   Random random, LocalDate lastDay, CasePolicy policy, long seed) {
            this.index = index;
            this.path = path;
            this.county = county;
            this.town = town;
            this.village = town.villages().get(random.nextInt(town.villages().size()));
            this.firstVillage = village;
            this.random = random;
            this.lastDay = lastDay;
            this.firstDay = lastDay.minusDays(HISTORY_DAYS);
            this.calendar = policy.termCalendar();
            this.seed = seed;
            this.idNumbers = idNumbers;
        }

        DemoCase demoCase() {
            return new DemoCase(index, path, studentName, idNumber, firstVillage.code(), identifiedOn);
        }

        void write() {
            LocalDate t = lastDay;
            LocalDate s = firstDay;
            switch (path) {
                case CROSSED_OFF -> {
                    LocalDate returned = persuadeAndReturn(identify(between(s, t.minusDays(320))), 0.1);
                    crossOffAfterWatch(returned);
                }
                case WATCHING -> persuadeAndReturn(identify(between(t.minusDays(150), t.minusDays(45))), 0);
                case RELAPSED -> {
                    LocalDate returned = persuadeAndReturn(identify(between(s, t.minusDays(250))), 0);
                    LocalDate relapsed = returned.plusDays(between(15, 50));
                    relapse(relapsed);
                    LocalDate visited = visits(relapsed.plusDays(3), between(2, 3), 7, 15, "AGREED_TO_RETURN", t);
                    if (random.nextBoolean()) {
                        LocalDate back = visited.plusDays(between(3, 10));
                        returnToSchool(back);
                        if (random.nextBoolean()) {
                            crossOffAfterWatch(back);
                        }
                    }
                }
                case REOPENED -> {
                    LocalDate returned = persuadeAndReturn(identify(between(s, s.plusDays(45))), 0);
                    LocalDate crossedOff = crossOffAfterWatch(returned);
                    if (crossedOff != null) {
                        LocalDate reopened = crossedOff.plusDays(between(20, 70));
                        reopen(reopened);
                        visits(reopened.plusDays(2), between(1, 3), 7, 20, "UNDECIDED", t);
                    }
                }
                case HOME_TEACHING_ON_RATE -> homeTeaching(between(t.minusDays(130), t.minusDays(60)), 2, 3, true);
                case HOME_TEACHING_BEHIND -> homeTeaching(between(t.minusDays(130), t.minusDays(60)), 2, 3, false);
                case HOME_TEACHING_ENDED -> {
                    LocalDate last = homeTeachingFor(between(s, s.plusDays(150)), 1, 2, between(8, 16));
                    close(last.plusDays(between(3, 10)),
                          random.nextBoolean() ? "MOVED_TO_SPECIAL_SCHOOL" : "MOVED_TO_REGULAR_CLASS");
                }
                case LEGAL_SERVED_OVERDUE -> {
                    LocalDate refused = refusals(identify(between(t.minusDays(200), t.minusDays(90))));
                    LocalDate[] order = ladderToServed(refused.plusDays(between(3, 8)), between(10, 15));
                    visits(order[1].plusDays(between(2, 6)), 1, 7, 7, "REFUSED_TO_RETURN", t);
                }
                case LEGAL_ORDER_PENDING -> {
                    LocalDate criticised = t.minusDays(between(9, 12));
                    LocalDate refused = refusals(identify(criticised.minusDays(between(45, 55))));
                    ladderToServed(later(refused.plusDays(2), criticised), between(16, 20));
                }
                case LEGAL_JUDICIAL -> {
                    LocalDate refused = refusals(identify(between(s.plusDays(30), t.minusDays(220))));
                    LocalDate[] order = ladderToServed(refused.plusDays(between(3, 8)), between(10, 15));
                    LocalDate intervened = order[1].plusDays(between(3, 15));
                    judicial(intervened);
                    LocalDate visited = visits(intervened.plusDays(3), between(1, 2), 7, 14, "AGREED_TO_RETURN", t);
                    if (random.nextBoolean()) {
                        LocalDate back = visited.plusDays(between(3, 10));
                        returnToSchool(back);
                        crossOffAfterWatch(back);
                    }
                }
                case LEGAL_LAWSUIT_CONCLUDED -> {
                    LocalDate refused = refusals(identify(between(s, t.minusDays(300))));
                    LocalDate[] order = ladderToServed(refused.plusDays(between(3, 8)), between(10, 15));
                    LocalDate filed = order[1].plusDays(between(5, 15));
                    if (random.nextInt(10) < 6) {
                        LocalDate intervened = order[1].plusDays(between(1, 4));
                        judicial(intervened);
                        filed = intervened.plusDays(between(5, 20));
                    }
                    lawsuit(filed);
                    LocalDate decided = filed.plusDays(between(20, 45));
                    lawsuitOutcome(decided);
                    LocalDate back = decided.plusDays(between(5, 15));
                    returnToSchool(back);
                    crossOffAfterWatch(back);
                }
                case LEGAL_LAWSUIT_PENDING -> {
                    LocalDate refused = refusals(identify(between(t.minusDays(170), t.minusDays(110))));
                    LocalDate[] order = ladderToServed(refused.plusDays(between(3, 8)), between(10, 15));
                    lawsuit(order[1].plusDays(between(5, 15)));
                }
                case NOT_DROPOUT -> {
                    LocalDate found = identify(between(s, t.minusDays(5)));
                    notDropout(earlier(found.plusDays(between(2, 12)), t));
                }
                case CLOSED_SPECIAL -> {
                    LocalDate assigned = confirmAndAssign(identify(between(s, t.minusDays(60))));
                    LocalDate visited = visits(assigned.plusDays(2), between(1, 2), 7, 14, "AWAY_FROM_HOME", t);
                    closeSpecial(visited.plusDays(between(5, 20)));
                }
                case PENDING_RECHECK -> {
                    LocalDate found = identify(between(t.minusDays(110), t.minusDays(8)));
                    recheck(earlier(found.plusDays(between(2, 7)), t));
                }
                case RECHECK_CONFIRMED -> {
                    LocalDate checked = identify(between(s, t.minusDays(260))).plusDays(between(2, 7));
                    recheck(checked);
                    LocalDate due = calendar.nextTermStart(checked).plusDays(between(3, 12));
                    confirm(due);
                    LocalDate assigned = due.plusDays(between(1, 5));
                    trio(assigned);
                    LocalDate visited = visits(assigned.plusDays(2), between(1, 3), 7, 20, "AGREED_TO_RETURN", t);
                    if (random.nextBoolean()) {
                        returnToSchool(visited.plusDays(between(3, 10)));
                    }
                }
                case PERSUADING -> {
                    LocalDate assigned = confirmAndAssign(identify(between(t.minusDays(120), t.minusDays(60))));
                    LocalDate until = t.minusDays(between(0, 15));
                    LocalDate visited = visits(assigned.plusDays(2), 1, 7, 14, "UNDECIDED", until);
                    if (random.nextInt(10) < 3) {
                        visited = visited.plusDays(1);
                        replaceTeacher(visited);
                    }
                    // Some families move to another town: the first such case of the county always does.
                    boolean moves = county.towns().size() > 1 && (index < DemoPath.values().length
                            || random.nextInt(4) == 0);
                    if (moves) {
                        visited = transferToAnotherTown(visited.plusDays(between(2, 5)));
                    }
                    visits(visited.plusDays(between(7, 14)), 20, 7, 14, "UNDECIDED", until);
                }
                case OVERDUE_NO_TRIO ->
                        confirm(identify(between(t.minusDays(220), t.minusDays(50))).plusDays(between(3, 7)));
                case OVERDUE_NO_VISIT -> {
                    LocalDate assigned = confirmAndAssign(identify(between(t.minusDays(260), t.minusDays(90))));
                    visits(assigned.plusDays(2), between(1, 2), 7, 14, "NOBODY_HOME", t.minusDays(35));
                }
                case AWAITING_VERIFICATION -> identify(between(t.minusDays(9), t));
            }
        }

        // ------------------------------------------------------------------ story fragments

        /** Confirmed, trio, visits until the family agrees, back at school; returns the return date. */
        private LocalDate persuadeAndReturn(LocalDate found, double teacherChange) {
            LocalDate assigned = confirmAndAssign(found);
            LocalDate visited = visits(assigned.plusDays(2), between(1, 4), 7, 20, "AGREED_TO_RETURN", lastDay);
            if (random.nextDouble() < teacherChange) {
                visited = visited.plusDays(1);
                replaceTeacher(visited);
            }
            LocalDate back = earlier(visited.plusDays(between(2, 10)), lastDay);
            returnToSchool(back);
            return back;
        }

        /** Confirmed and visited, but the family refuses: the start of the legal ladder. */
        private LocalDate refusals(LocalDate found) {
            LocalDate assigned = confirmAndAssign(found);
            return visits(assigned.plusDays(2), between(2, 3), 7, 14, "REFUSED_TO_RETURN", lastDay);
        }

        private LocalDate confirmAndAssign(LocalDate found) {
            LocalDate confirmed = found.plusDays(between(3, 14));
            confirm(confirmed);
            LocalDate assigned = confirmed.plusDays(between(1, 5));
            trio(assigned);
            return assigned;
        }

        /** 批评教育, 责令限期改正, 送达; returns {served date, deadline}. */
        private LocalDate[] ladderToServed(LocalDate criticised, int deadlineDays) {
            criticism(criticised);
            LocalDate issued = criticised.plusDays(between(1, 3));
            String number = town.shortName() + "政责〔" + issued.getYear() + "〕" + (10 + index % 80) + "号";
            LocalDate deadline = issued.plusDays(deadlineDays);
            correctionOrder(number, issued, deadline);
            LocalDate served = issued.plusDays(between(1, 2));
            served(number, served);
            return new LocalDate[] {served, deadline};
        }

        private LocalDate crossOffAfterWatch(LocalDate returned) {
            LocalDate on = calendar.watchPeriodEnd(returned).plusDays(between(0, 25));
            if (on.isAfter(lastDay)) {
                return null;
            }
            crossOff(on);
            return on;
        }

        /** 送教上门 from now on, at the required rate or well behind it. */
        private void homeTeaching(LocalDate found, int perWeek, int periods, boolean onRate) {
            // On rate: every Tuesday and Friday; behind: every 9–16 days.
            LocalDate day = arrange(found, perWeek, periods).with(TemporalAdjusters.nextOrSame(DayOfWeek.TUESDAY));
            while (!day.isAfter(lastDay)) {
                session(day, onRate ? periods : periods - 1);
                day = onRate ? day.plusDays(day.getDayOfWeek() == DayOfWeek.TUESDAY ? 3 : 4)
                        : day.plusDays(between(9, 16));
            }
        }

        /** 送教上门 for a number of weeks, once a week; returns the last session's date. */
        private LocalDate homeTeachingFor(LocalDate found, int perWeek, int periods, int weeks) {
            LocalDate day = arrange(found, perWeek, periods);
            LocalDate last = day;
            for (int w = 0; w < weeks && !day.isAfter(lastDay); w++) {
                session(day, periods);
                last = day;
                day = day.plusDays(7);
            }
            return last;
        }

        private LocalDate arrange(LocalDate found, int perWeek, int periods) {
            identify(found);
            LocalDate recorded = found.plusDays(between(3, 8));
            if (random.nextBoolean()) {
                confirm(recorded);
                recorded = recorded.plusDays(between(1, 3));
            }
            disability(recorded);
            LocalDate arranged = recorded.plusDays(between(1, 4));
            LocalDate starts = arranged.plusDays(between(3, 7));
            arrangeHomeTeaching(arranged, starts, perWeek, periods);
            return starts;
        }

        /** Up to {@code count} visits, {@code minGap}–{@code maxGap} days apart, none after {@code until}. */
        private LocalDate visits(LocalDate from, int count, int minGap, int maxGap, String lastOutcome,
                                 LocalDate until) {
            LocalDate day = from;
            LocalDate last = from.minusDays(1);
            for (int i = 0; i < count && !day.isAfter(until); i++) {
                LocalDate next = day.plusDays(between(minGap, maxGap));
                boolean lastOne = i == count - 1 || next.isAfter(until);
                visit(day, lastOne ? lastOutcome : pick("UNDECIDED", "NOBODY_HOME", "REFUSED_TO_RETURN", "UNDECIDED"),
                      next);
                last = day;
                day = next;
            }
            return last.isBefore(from) ? from : last;
        }

        // ------------------------------------------------------------------ the commands

        private LocalDate identify(LocalDate on) {
            identifiedOn = on;
            Sex sex = random.nextBoolean() ? Sex.MALE : Sex.FEMALE;
            boolean disabled = path.name().startsWith("HOME_TEACHING");
            int age = disabled ? between(7, 14) : between(7, 15);
            birthDate = on.minusYears(age).minusDays(random.nextInt(300));
            idNumber = idNumbers.next(birthDate, sex, random);
            String surname = county.surname();
            studentName = county.childName(surname, sex);
            guardianRelation = pick("父亲", "母亲", "祖父", "祖母", "父亲", "外祖母");
            guardian = county.adult(guardianRelation.equals("母亲") || guardianRelation.equals("外祖母") ? null : surname);
            School school = schoolFor(gradeOn(on));
            teacher = school.teachers().get(random.nextInt(school.teachers().size()));
            teacherSchool = school.name();

            String source;
            Actor actor;
            int roll = random.nextInt(10);
            if (path == DemoPath.NOT_DROPOUT && roll < 5 || roll == 0) {
                source = "PLATFORM_COMPARISON";
                actor = DemoCounty.COUNTY_OFFICER;
            } else if (roll < 5) {
                boolean termStart = on.getMonthValue() == 3 || on.getMonthValue() == 9;
                source = termStart ? "TERM_START_CHECK" : "ABSENCE_REPORT";
                actor = school.actor();
            } else {
                source = "VILLAGE_SURVEY";
                actor = village.actor();
            }
            ObjectNode body = JSON.objectNode().put("source", source).put("identifiedOn", on.toString());
            body.set("student", JSON.objectNode().put("name", studentName).put("idNumber", idNumber)
                                    .put("sex", sex.name()));
            body.set("household", JSON.objectNode().put("village", village.code())
                                      .put("address", village.name() + between(1, 12) + "组" + between(1, 60) + "号"));
            if (!(disabled && random.nextBoolean()) && random.nextInt(25) != 0) {
                body.set("lastSchool", JSON.objectNode().put("schoolName", school.name())
                                           .put("schoolCode", school.code())
                                           .put("grade", "GRADE_" + gradeOn(on)));
                caseSchools.add(school.code());
            } else if (actor.role() == Actor.Role.SCHOOL) {
                actor = village.actor(); // a school registers only its own former students
            }
            ArrayNode categories = body.putArray("priorityCategories");
            if (disabled) {
                categories.add(category("DISABLED_CHILD", on, "县残联残疾儿童名册"));
            }
            if (random.nextInt(10) < 4) {
                categories.add(category(pick("LEFT_BEHIND_CHILD", "LIFTED_OUT_OF_POVERTY", "MINIMUM_LIVING_ALLOWANCE",
                                             "MARGINAL_AT_RISK_OF_POVERTY"), on, null));
            }
            String primary = disabled ? "DISABILITY"
                    : pick("LEARNING_DIFFICULTY", "LEARNING_DIFFICULTY", "LEARNING_DIFFICULTY", "MIGRANT_WORK",
                           "FAMILY_OR_GUARDIANSHIP", "POVERTY", "ILLNESS", "DISTANCE_OR_ACCESS",
                           age >= 14 ? "EARLY_MARRIAGE" : "LEARNING_DIFFICULTY");
            ObjectNode reasons = JSON.objectNode().put("primary", primary);
            ArrayNode others = reasons.putArray("others");
            if (!disabled && random.nextBoolean()) {
                others.add("FAMILY_OR_GUARDIANSHIP");
            }
            body.set("suspectedReasons", reasons);
            add(on, "", body, actor, actor.role() == Actor.Role.VILLAGE ? "mobile" : "web");
            return on;
        }

        private ObjectNode category(String category, LocalDate on, String register) {
            ObjectNode entry = JSON.objectNode().put("category", category)
                                   .put("since", on.minusDays(between(60, 900)).toString());
            if (register != null) {
                entry.put("sourceRegister", register);
            }
            return entry;
        }

        private void confirm(LocalDate on) {
            add(on, "/verification/confirm", JSON.objectNode().put("confirmedOn", on.toString())
                    .put("note", pick("连续四周未到校，入户核实属实", "经班主任和村干部入户核实，确已辍学在家",
                                      "家长承认孩子已外出，未办理任何手续")), town.actor(), "web");
        }

        private void notDropout(LocalDate on) {
            String[][] outcomes = {
                    {"ENROLLED_LOCALLY", "ENROLMENT_CERTIFICATE", "已在本县就读，学籍系统未及时更新", "学校"},
                    {"ENROLLED_IN_PROVINCE", "ENROLMENT_CERTIFICATE", "随父母在省内务工地就读", "学校"},
                    {"ENROLLED_OUT_OF_PROVINCE", "ENROLMENT_CERTIFICATE", "随父母在广东就读，已取得在读证明", "学校"},
                    {"WRONG_IDENTITY_DATA", "POLICE_CERTIFICATE", "身份证号登记错误，实为同一在校学生", "派出所"},
                    {"DECEASED", "DEATH_CERTIFICATE", "已于去年因病去世，户籍未及时注销", "派出所"},
                    {"ABROAD", "EXIT_ENTRY_RECORD", "随父母出国，出入境记录可查", "出入境管理大队"},
                    {"NOMINAL_HOUSEHOLD_REGISTRATION", "COMMUNITY_CERTIFICATE", "空挂户，本人从未在本村居住", "村委会"},
                    {"DUAL_HOUSEHOLD_REGISTRATION", "POLICE_CERTIFICATE", "双重户籍，已在另一户籍地就读", "派出所"},
                    {"DEFERRAL_OR_SUSPENSION_APPROVED", "APPROVAL_DOCUMENT", "因病休学，已经乡镇政府批准", "乡镇政府"}};
            String[] outcome = outcomes[random.nextInt(outcomes.length)];
            ObjectNode body = JSON.objectNode().put("verifiedOn", on.toString()).put("category", outcome[0])
                                  .put("note", outcome[2]);
            body.putArray("evidence").add(evidence(outcome[1], on, issuer(outcome[3])));
            add(on, "/verification/not-dropout", body, town.actor(), "web");
        }

        private void recheck(LocalDate on) {
            boolean missing = random.nextInt(4) != 0;
            ObjectNode body = JSON.objectNode().put("checkedOn", on.toString())
                                  .put("reason", missing ? "MISSING_OR_UNREACHABLE" : "PERSON_NOT_FOUND")
                                  .put("note", missing ? "家中无人，邻居称全家外出务工，去向不明" : "户籍地址查无此人，待派出所协查");
            body.putArray("evidence").add(evidence("INVESTIGATION_RECORD", on, village.name() + "村委会"));
            add(on, "/verification/recheck", body, town.actor(), "web");
        }

        private void trio(LocalDate on) {
            ObjectNode body = JSON.objectNode().put("assignedOn", on.toString());
            body.set("teacher", helper(teacher, teacherSchool + " 班主任"));
            body.set("villageCadre", helper(village.cadre(), village.name() + "村委会 " + village.cadrePost()));
            body.set("guardian", helper(guardian, guardianRelation));
            add(on, "/trio", body, town.actor(), "web");
        }

        private void replaceTeacher(LocalDate on) {
            Person replacement = county.adult(null);
            ObjectNode body = JSON.objectNode().put("replacedOn", on.toString()).put("role", "TEACHER")
                                  .put("reason", pick("原班主任调往县城任教", "原班主任休产假", "学生转入新班级"));
            body.set("newMember", helper(replacement, teacherSchool + " 班主任"));
            teacher = replacement;
            add(on, "/trio/replacements", body, town.actor(), "web");
        }

        private void visit(LocalDate on, String outcome, LocalDate next) {
            visits++;
            String method = pick("HOME_VISIT", "HOME_VISIT", "HOME_VISIT", "PHONE", "SCHOOL_INTERVIEW");
            ObjectNode body = JSON.objectNode()
                    .put("visitId", uuid("visit", visits))
                    .put("visitedOn", on.toString())
                    .put("method", method)
                    .put("outcome", outcome)
                    .put("notes", visitNote(outcome))
                    .put("nextVisitPlannedOn", next.toString());
            ArrayNode participants = body.putArray("trioParticipants").add("VILLAGE_CADRE");
            if (random.nextBoolean()) {
                participants.add("TEACHER");
            }
            if (random.nextInt(3) == 0) {
                body.putArray("otherParticipants").add("驻村工作队 " + county.adult(null).name());
            }
            add(on, "/visits", body, village.actor(), "mobile");
        }

        private String visitNote(String outcome) {
            return switch (outcome) {
                case "AGREED_TO_RETURN" -> pick("家长同意下周一送孩子返校", "学生本人表示愿意回校继续读书",
                                                "经多次做工作，家长承诺送孩子返校");
                case "REFUSED_TO_RETURN" -> pick("家长认为读书无用，拒绝送孩子返校", "学生在外务工，家长不配合",
                                                 "监护人态度强硬，拒绝沟通");
                case "NOBODY_HOME" -> "家中无人，已电话联系家长约定下次走访";
                case "AWAY_FROM_HOME" -> "学生已随亲戚外出，家长称暂不回来";
                default -> pick("与祖父母面谈，对返校仍有犹豫", "学生厌学情绪较重，需继续做思想工作",
                                "家长在外务工，电话沟通后表示考虑");
            };
        }

        private void criticism(LocalDate on) {
            add(on, "/legal/criticism", JSON.objectNode().put("criticisedOn", on.toString())
                    .put("issuedBy", town.government()).put("note", "约谈监护人，进行批评教育"), town.actor(), "web");
        }

        private void correctionOrder(String number, LocalDate issued, LocalDate deadline) {
            add(issued, "/legal/correction-orders", JSON.objectNode().put("orderNumber", number)
                    .put("issuedOn", issued.toString()).put("issuedBy", town.government())
                    .put("deadline", deadline.toString()), town.actor(), "web");
        }

        private void served(String number, LocalDate on) {
            add(on, "/legal/served-documents", JSON.objectNode().put("documentReference", number)
                    .put("servedOn", on.toString()).put("servedTo", guardian.name())
                    .put("serviceMethod", pick("IN_PERSON", "IN_PERSON", "LEFT_AT_RESIDENCE", "BY_POST")),
                town.actor(), "web");
        }

        private void judicial(LocalDate on) {
            boolean police = random.nextInt(3) == 0;
            add(on, "/legal/judicial-interventions", JSON.objectNode().put("intervenedOn", on.toString())
                    .put("authority", police ? "POLICE_STATION" : "JUSTICE_OFFICE")
                    .put("authorityName", town.shortName() + (police ? "派出所" : "司法所"))
                    .put("note", "逾期未改正，司法所约谈监护人并释法说理"), DemoCounty.COUNTY_OFFICER, "web");
        }

        private void lawsuit(LocalDate on) {
            add(on, "/legal/lawsuits", JSON.objectNode().put("filedOn", on.toString())
                    .put("court", DemoCounty.COUNTY_NAME + "人民法院")
                    .put("caseNumber", "（" + on.getYear() + "）湘9921民初" + (100 + index) + "号"),
                DemoCounty.COUNTY_OFFICER, "web");
        }

        private void lawsuitOutcome(LocalDate on) {
            String outcome = pick("MEDIATED", "MEDIATED", "MEDIATED", "JUDGED", "WITHDRAWN");
            add(on, "/legal/lawsuit-outcome", JSON.objectNode().put("decidedOn", on.toString()).put("outcome", outcome)
                    .put("note", "法院巡回审理，监护人当庭承诺送子女返校"), DemoCounty.COUNTY_OFFICER, "web");
        }

        private void returnToSchool(LocalDate on) {
            if (on.isAfter(lastDay)) {
                return;
            }
            int grade = gradeOn(on);
            School school = schoolFor(grade);
            boolean vocational = grade == 9 && random.nextInt(4) == 0;
            add(on, "/return", JSON.objectNode().put("returnedOn", on.toString()).put("schoolName", school.name())
                    .put("schoolCode", school.code()).put("grade", "GRADE_" + grade)
                    .put("className", gradeLabel(grade) + "（" + between(1, 4) + "）班")
                    .put("placement", vocational ? "VOCATIONAL" : "REGULAR_CLASS"),
                // A school records the return of its own students; a return to another school is the town's entry.
                caseSchools.contains(school.code()) ? school.actor() : town.actor(), "web");
            caseSchools.add(school.code());
            returnedTo = school;
        }

        /**
         * 户籍迁移: the family moves to a village of another town; that town's officers and village team work the case
         * from then on, beginning by naming their village cadre as the new helper. Returns the day after the move.
         */
        private LocalDate transferToAnotherTown(LocalDate on) {
            List<Town> towns = county.towns();
            Town receiving = towns.get((town.index() + 1 + random.nextInt(towns.size() - 1)) % towns.size());
            Village newHome = receiving.villages().get(random.nextInt(receiving.villages().size()));
            ObjectNode body = JSON.objectNode().put("kind", "HOUSEHOLD_MOVED").put("transferredOn", on.toString())
                                  .put("note", "随父母迁居" + receiving.name() + newHome.name() + "，户籍已迁入");
            body.set("household", JSON.objectNode().put("village", newHome.code())
                                      .put("address", newHome.name() + between(1, 12) + "组" + between(1, 60) + "号"));
            add(on, "/transfer", body, town.actor(), "web");
            town = receiving;
            village = newHome;
            LocalDate next = on.plusDays(1);
            ObjectNode cadre = JSON.objectNode().put("replacedOn", next.toString()).put("role", "VILLAGE_CADRE")
                                   .put("reason", "学生户籍迁入本村，由本村干部接续帮扶");
            cadre.set("newMember", helper(village.cadre(), village.name() + "村委会 " + village.cadrePost()));
            add(next, "/trio/replacements", cadre, town.actor(), "web");
            return next;
        }

        private void relapse(LocalDate on) {
            add(on, "/relapses", JSON.objectNode().put("droppedOutAgainOn", on.toString())
                    .put("note", "返校后连续两周未到校"), returnedTo.actor(), "web");
        }

        private void crossOff(LocalDate on) {
            add(on, "/cross-off", JSON.objectNode().put("crossedOffOn", on.toString())
                    .put("note", "观察期内出勤正常，开学排查在校"), DemoCounty.COUNTY_OFFICER, "web");
        }

        private void reopen(LocalDate on) {
            add(on, "/reopen", JSON.objectNode().put("reopenedOn", on.toString())
                    .put("reason", "开学排查发现学生再次连续两周未到校"), town.actor(), "web");
        }

        private void disability(LocalDate on) {
            add(on, "/disability", JSON.objectNode().put("verifiedOn", on.toString())
                    .put("category", pick("INTELLECTUAL", "PHYSICAL", "MULTIPLE", "AUTISM", "MENTAL"))
                    .put("level", pick("LEVEL_1", "LEVEL_1", "LEVEL_2"))
                    .put("certificateReference", "残疾人证 " + idNumber.substring(0, 6) + "****" + between(10, 99)),
                village.actor(), "web");
        }

        private void arrangeHomeTeaching(LocalDate on, LocalDate starts, int perWeek, int periods) {
            School school = town.primary();
            ObjectNode body = JSON.objectNode().put("schoolOfRegistration", school.name())
                                  .put("requiredSessionsPerWeek", perWeek).put("periodsPerSession", periods)
                                  .put("startsOn", starts.toString());
            body.putArray("teachers").add(school.teachers().get(0).name()).add(school.teachers().get(1).name());
            add(on, "/home-teaching", body, town.actor(), "web");
        }

        private void session(LocalDate on, int periods) {
            sessions++;
            School school = town.primary();
            ObjectNode body = JSON.objectNode().put("sessionId", uuid("session", sessions))
                                  .put("deliveredOn", on.toString()).put("periods", periods)
                                  .put("content", pick("生活自理训练；认读生字 10 个", "康复训练与绘本阅读",
                                                       "数的认识 1–20；精细动作训练", "音乐律动；语言表达练习"));
            body.putArray("teachers").add(school.teachers().get(0).name()).add(school.teachers().get(1).name());
            // The teaching school records its sessions when the case is one of its students', else the town does.
            add(on, "/home-teaching/sessions", body,
                caseSchools.contains(school.code()) ? school.actor() : town.actor(), "web");
        }

        private void close(LocalDate on, String category) {
            if (on.isAfter(lastDay)) {
                return;
            }
            String kind = category.startsWith("MOVED") ? "APPROVAL_DOCUMENT" : "OTHER";
            ObjectNode body = JSON.objectNode().put("closedOn", on.toString()).put("category", category);
            body.putArray("evidence").add(evidence(kind, on, DemoCounty.COUNTY_NAME + "教育局"));
            add(on, "/close", body, DemoCounty.COUNTY_OFFICER, "web");
        }

        private void closeSpecial(LocalDate on) {
            if (on.isAfter(lastDay)) {
                return;
            }
            String[][] outcomes = {
                    {"ABROAD", "EXIT_ENTRY_RECORD", "随父母出国定居", "出入境管理大队"},
                    {"DECEASED", "DEATH_CERTIFICATE", "因意外去世", "派出所"},
                    {"ENROLLED_OUT_OF_PROVINCE", "ENROLMENT_CERTIFICATE", "已在外省就读并注册学籍", "学校"},
                    {ageOn(on) >= 16 ? "OVER_AGE" : "ENROLLED_IN_PROVINCE",
                     ageOn(on) >= 16 ? "COMMUNITY_CERTIFICATE" : "ENROLMENT_CERTIFICATE",
                     ageOn(on) >= 16 ? "已满 16 周岁，超出义务教育年龄" : "已在省内其他县就读", "村委会"}};
            String[] outcome = outcomes[random.nextInt(outcomes.length)];
            ObjectNode body = JSON.objectNode().put("closedOn", on.toString()).put("category", outcome[0])
                                  .put("note", outcome[2]);
            body.putArray("evidence").add(evidence(outcome[1], on, issuer(outcome[3])));
            add(on, "/close", body, DemoCounty.COUNTY_OFFICER, "web");
        }

        private ObjectNode evidence(String kind, LocalDate on, String issuedBy) {
            documents++;
            return JSON.objectNode().put("kind", kind)
                       .put("reference", town.shortName() + "证字〔" + on.getYear() + "〕" + (index * 3 + documents) + "号")
                       .put("issuedBy", issuedBy).put("issuedOn", on.minusDays(between(0, 3)).toString());
        }

        private String issuer(String kind) {
            return switch (kind) {
                case "派出所" -> town.shortName() + "派出所";
                case "村委会" -> village.name() + "村委会";
                case "乡镇政府" -> town.government();
                case "出入境管理大队" -> DemoCounty.COUNTY_NAME + "公安局出入境管理大队";
                default -> "接收学校";
            };
        }

        private static ObjectNode helper(Person person, String unitOrRelation) {
            return JSON.objectNode().put("name", person.name()).put("unitOrRelation", unitOrRelation)
                       .put("phone", person.phone());
        }

        // ------------------------------------------------------------------ bookkeeping

        /**
         * Adds a step recorded on its business day between 08:00 and 18:00, and always after the case's previous
         * step. Steps past {@code lastDay} are dropped: the case stays where it got to.
         */
        private void add(LocalDate on, String endpoint, ObjectNode body, Actor actor, String channel) {
            if (on.isAfter(lastDay)) {
                return;
            }
            LocalDateTime at = on.atTime(8, 0).plusMinutes(random.nextInt(600));
            if (lastAt != null && !at.isAfter(lastAt)) {
                at = lastAt.plusMinutes(3 + random.nextInt(20));
            }
            lastAt = at;
            Instant instant = at.atZone(ZONE).toInstant();
            steps.add(new DemoStep(instant, on, index, endpoint, body, actor, channel, null));
        }

        private String uuid(String kind, int n) {
            String name = "kcbx-demo-" + kind + ":" + seed + ":" + index + ":" + n;
            return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
        }

        private int ageOn(LocalDate date) {
            return birthDate.until(date).getYears();
        }

        /** The grade for the child's age: 7 full years in 一年级 ... 15 in 九年级. */
        private int gradeOn(LocalDate date) {
            return Math.max(1, Math.min(9, ageOn(date) - 6));
        }

        private School schoolFor(int grade) {
            return grade <= 6 ? town.primary() : town.junior();
        }

        private static String gradeLabel(int grade) {
            return "一二三四五六七八九".charAt(grade - 1) + "年级";
        }

        private int between(int min, int max) {
            return min + random.nextInt(max - min + 1);
        }

        /** A random day from {@code from} to {@code to} (both inclusive); {@code from} if the range is empty. */
        private LocalDate between(LocalDate from, LocalDate to) {
            long days = to.toEpochDay() - from.toEpochDay();
            return days <= 0 ? from : from.plusDays(random.nextLong(days + 1));
        }

        private static LocalDate earlier(LocalDate a, LocalDate b) {
            return a.isBefore(b) ? a : b;
        }

        private static LocalDate later(LocalDate a, LocalDate b) {
            return a.isAfter(b) ? a : b;
        }

        private String pick(String... options) {
            return options[random.nextInt(options.length)];
        }
    }

}
