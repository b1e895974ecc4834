package cn.kcbx.benchmark;

import cn.kcbx.kernel.actor.Actor;
import cn.kcbx.kernel.contact.MobileNumber;
import cn.kcbx.kernel.directory.DirectoryUnit;
import cn.kcbx.kernel.directory.SchoolOwnership;
import cn.kcbx.kernel.directory.SchoolStage;
import cn.kcbx.kernel.directory.UnitAdded;
import cn.kcbx.kernel.directory.UnitDirectory;
import cn.kcbx.kernel.dropoutcase.CaseEvent;
import cn.kcbx.kernel.dropoutcase.CaseStatus;
import cn.kcbx.kernel.dropoutcase.closure.CaseClosed;
import cn.kcbx.kernel.dropoutcase.closure.ClosingCategory;
import cn.kcbx.kernel.dropoutcase.closure.EvidenceDocument;
import cn.kcbx.kernel.dropoutcase.closure.EvidenceKind;
import cn.kcbx.kernel.dropoutcase.disability.DisabilityCategory;
import cn.kcbx.kernel.dropoutcase.disability.DisabilityLevel;
import cn.kcbx.kernel.dropoutcase.disability.DisabilityRecorded;
import cn.kcbx.kernel.dropoutcase.hometeaching.HomeTeachingArranged;
import cn.kcbx.kernel.dropoutcase.hometeaching.HomeTeachingSessionDelivered;
import cn.kcbx.kernel.dropoutcase.identification.CaseIdentified;
import cn.kcbx.kernel.dropoutcase.identification.DropoutReason;
import cn.kcbx.kernel.dropoutcase.identification.IdentificationSource;
import cn.kcbx.kernel.dropoutcase.identification.PriorityCategory;
import cn.kcbx.kernel.dropoutcase.identification.PriorityCategoryEntry;
import cn.kcbx.kernel.dropoutcase.identification.SuspectedReasons;
import cn.kcbx.kernel.dropoutcase.legal.CorrectionOrderIssued;
import cn.kcbx.kernel.dropoutcase.legal.CriticismEducationRecorded;
import cn.kcbx.kernel.dropoutcase.legal.LegalDocumentServed;
import cn.kcbx.kernel.dropoutcase.legal.ServiceMethod;
import cn.kcbx.kernel.dropoutcase.returning.CaseCrossedOff;
import cn.kcbx.kernel.dropoutcase.returning.Placement;
import cn.kcbx.kernel.dropoutcase.returning.RelapseRecorded;
import cn.kcbx.kernel.dropoutcase.returning.StudentReturnedToSchool;
import cn.kcbx.kernel.dropoutcase.school.Grade;
import cn.kcbx.kernel.dropoutcase.school.LastSchool;
import cn.kcbx.kernel.dropoutcase.trio.Helper;
import cn.kcbx.kernel.dropoutcase.trio.TrioAssigned;
import cn.kcbx.kernel.dropoutcase.trio.TrioRole;
import cn.kcbx.kernel.dropoutcase.verification.CaseRecheckScheduled;
import cn.kcbx.kernel.dropoutcase.verification.CaseVerifiedNotDropout;
import cn.kcbx.kernel.dropoutcase.verification.DropoutConfirmed;
import cn.kcbx.kernel.dropoutcase.verification.RecheckReason;
import cn.kcbx.kernel.dropoutcase.visit.VisitLogged;
import cn.kcbx.kernel.dropoutcase.visit.VisitMethod;
import cn.kcbx.kernel.dropoutcase.visit.VisitOutcome;
import cn.kcbx.kernel.region.DivisionCode;
import cn.kcbx.kernel.region.HouseholdLocation;
import cn.kcbx.kernel.student.IdNumber;
import cn.kcbx.kernel.student.StudentIdentity;
import cn.kcbx.kernel.time.DateRules;
import cn.kcbx.kernel.time.TermCalendar;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.IntFunction;

/**
 * Invented counties and the histories of their cases over the last months, for the read-side benchmark: every event
 * as the case service would have stored it (kernel records, the usual metadata), with the moment it was recorded.
 * Deterministic for a seed. The county codes 4399xx have a real province prefix (43, 湖南) but name no county; ID
 * numbers carry a correct GB 11643 check character; names, schools and phones are made up.
 *
 * <p>Each case walks a path of the lifecycle: identified; then verified as not a dropout, put down for a recheck, or
 * confirmed; the 三帮一 trio assigned; visits every one to five weeks (some later: overdue); some with the legal
 * ladder; most return to school and, once the watch period is over, are crossed off (a few relapse); some are closed
 * as a special situation; a few are taught at home. Steps happen on business days up to yesterday and are recorded on
 * their day, in order. A share of the visits (default 10 %) is then entered late: recorded hours after the case's
 * next visit, so that its business date lies before a step recorded earlier (a back-entry, 补录).
 */
final class FictionalCaseHistories {

    static final String CASE_TYPE = "DropoutCase";
    static final String DIRECTORY_TYPE = "CountyDirectory";
    static final int TOWNS_PER_COUNTY = 16;
    static final int VILLAGES_PER_TOWN = 10;
    /** As the case service's directory import: half the event store's limit of events per commit. */
    static final int UNITS_PER_COMMIT = cn.kcbx.eventstore.EventStoreSettings.MAX_EVENTS_PER_COMMIT / 2;

    /** One event to store: aggregate, sequence, payload, when it was recorded, by whom, through which command. */
    record Recorded(String aggregateType, String aggregateId, long sequence, Object payload, Instant recordedAt,
                    Actor actor, String command, boolean late) {

        Map<String, Object> metaData() {
            Map<String, Object> metaData = new LinkedHashMap<>();
            metaData.put("actorId", actor.userId());
            metaData.put("actorRole", actor.role().name());
            metaData.put("actorUnit", actor.unitCode());
            metaData.put("channel", "web");
            metaData.put("origin", "10.20.30.40");
            metaData.put("command", command);
            metaData.put("requestId", UUID.nameUUIDFromBytes((aggregateId + "/" + sequence).getBytes()).toString());
            return metaData;
        }
    }

    record County(String code, String name, List<Town> towns) {
    }

    record Town(String code, String name, List<Village> villages, School primary, School junior) {
    }

    record Village(String code, String name) {
    }

    record School(String code, String name, SchoolStage stage) {
    }

    /**
     * Everything to store: each county's unit directory in commits of {@value #UNITS_PER_COMMIT} units (the case
     * service imports a directory in parts of that size), then the cases'
     * events in the order they were recorded, one per commit; per county the number of cases, and tallies of the paths
     * (where each case stands now) and of the visits.
     */
    record Histories(List<List<Recorded>> directoryCommits, List<Recorded> caseEvents,
                     Map<String, Integer> casesByCounty, Map<String, Integer> paths, int visits, int lateVisits) {

        int events() {
            return directoryCommits.stream().mapToInt(List::size).sum() + caseEvents.size();
        }
    }

    private static final String[] TOWN_NAMES = {"云溪镇", "落霞镇", "杉坪乡", "石碾镇", "枫木桥镇", "白鹭镇", "金鸡坳乡",
            "桃源铺镇", "青竹乡", "望月镇", "鸭塘乡", "板桥镇", "茅坪乡", "苏家湾镇", "新河镇", "大垅乡", "龙门镇", "芦溪乡",
            "沙田镇", "丰乐乡", "岭脚镇", "清水塘乡", "三合镇", "东坪乡", "长岭镇", "下湾乡", "柏树镇", "花桥乡", "红岩镇",
            "谷口乡", "竹山镇", "茶陵坪乡"};
    private static final String VILLAGE_FIRST = "杉枫石龙竹桂茶莲梨松柏杨樟荷鹤凤金银黄青白红新丰和安兴田塘溪";
    private static final String VILLAGE_SECOND = "山岭坪冲湾塘桥坡溪源园田坳洲口";
    private static final String SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏";
    private static final String BOY_CHARS = "宇浩轩子涵博文杰俊豪明辉鹏飞磊强伟军峰斌超刚勇毅航晨睿哲瑞凯林然阳旭鑫泽昊诚";
    private static final String GIRL_CHARS = "欣怡梓涵雨婷静雪丽娟芳慧敏佳琪晓萱思妍可馨雅琳悦诗梦瑶蕾露颖洁玉兰春秀彤";
    private static final String ADULT_CHARS = "建国华平志明德海军红英兰秀春桂芳小伟勇红梅玉中永长福富贵新华家成";
    private static final List<ClosingCategory> NOT_DROPOUT = List.of(ClosingCategory.ENROLLED_LOCALLY,
            ClosingCategory.ENROLLED_IN_PROVINCE, ClosingCategory.ENROLLED_OUT_OF_PROVINCE,
            ClosingCategory.WRONG_IDENTITY_DATA, ClosingCategory.DUAL_HOUSEHOLD_REGISTRATION);
    private static final List<ClosingCategory> SPECIAL = List.of(ClosingCategory.ENROLLED_OUT_OF_PROVINCE,
            ClosingCategory.ABROAD, ClosingCategory.OVER_AGE, ClosingCategory.DEFERRAL_OR_SUSPENSION_APPROVED,
            ClosingCategory.ENROLLED_IN_PROVINCE);
    private static final List<VisitOutcome> NOT_YET = List.of(VisitOutcome.UNDECIDED, VisitOutcome.UNDECIDED,
            VisitOutcome.REFUSED_TO_RETURN, VisitOutcome.NOBODY_HOME, VisitOutcome.AWAY_FROM_HOME);
    private static final List<VisitMethod> METHODS = List.of(VisitMethod.HOME_VISIT, VisitMethod.HOME_VISIT,
            VisitMethod.HOME_VISIT, VisitMethod.PHONE, VisitMethod.SCHOOL_INTERVIEW);
    private static final List<DropoutReason> REASONS = List.of(DropoutReason.LEARNING_DIFFICULTY,
            DropoutReason.LEARNING_DIFFICULTY, DropoutReason.LEARNING_DIFFICULTY, DropoutReason.FAMILY_OR_GUARDIANSHIP,
            DropoutReason.FAMILY_OR_GUARDIANSHIP, DropoutReason.MIGRANT_WORK, DropoutReason.POVERTY,
            DropoutReason.ILLNESS, DropoutReason.DISTANCE_OR_ACCESS, DropoutReason.OTHER);
    private static final List<PriorityCategory> CATEGORIES = List.of(PriorityCategory.LEFT_BEHIND_CHILD,
            PriorityCategory.LEFT_BEHIND_CHILD, PriorityCategory.LIFTED_OUT_OF_POVERTY,
            PriorityCategory.MINIMUM_LIVING_ALLOWANCE, PriorityCategory.CHILD_IN_DIFFICULTY,
            PriorityCategory.MIGRANT_CHILD, PriorityCategory.CHILD_OF_DISABLED_PARENT);
    private static final TermCalendar TERMS = TermCalendar.DEFAULT;

    private final long seed;
    private final LocalDate today;
    private final LocalDate firstDay;
    private final LocalDate lastDay;
    /** No step is recorded after this moment (a minute before the histories were made). */
    private final Instant latest;
    private final Set<String> idNumbers = new HashSet<>();

    /**
     * @param now    the moment the histories end at: business dates run up to the day before, in China
     * @param months how far back the first identifications go
     */
    FictionalCaseHistories(long seed, Instant now, int months) {
        this.seed = seed;
        this.today = LocalDate.ofInstant(now, DateRules.CHINA_ZONE);
        this.firstDay = today.minusMonths(months);
        this.lastDay = today.minusDays(1);
        this.latest = now.minusSeconds(60);
    }

    LocalDate today() {
        return today;
    }

    /** An invented county: {@value #TOWNS_PER_COUNTY} towns of {@value #VILLAGES_PER_TOWN} villages, two schools each. */
    static County county(String code, String name, long seed) {
        Random random = new Random(seed ^ Long.parseLong(code));
        Set<String> villageNames = new HashSet<>();
        List<Town> towns = new ArrayList<>();
        for (int t = 0; t < TOWNS_PER_COUNTY; t++) {
            String townCode = code + "%03d".formatted(100 + t);
            String townName = TOWN_NAMES[(t + (int) (Long.parseLong(code) % 7) * 3) % TOWN_NAMES.length];
            List<Village> villages = new ArrayList<>();
            for (int v = 0; v < VILLAGES_PER_TOWN; v++) {
                String villageName;
                do {
                    villageName = "" + VILLAGE_FIRST.charAt(random.nextInt(VILLAGE_FIRST.length()))
                            + VILLAGE_SECOND.charAt(random.nextInt(VILLAGE_SECOND.length())) + "村";
                } while (!villageNames.add(villageName));
                villages.add(new Village(townCode + "%03d".formatted(201 + v), villageName));
            }
            String shortName = townName.substring(0, townName.length() - 1);
            // 学校标识码: 10 digits, 21 + the county code without its province + level (1 primary, 2 junior) + town.
            School primary = new School("21" + code.substring(2) + "1" + "%03d".formatted(t),
                                        shortName + "中心小学", SchoolStage.PRIMARY);
            School junior = new School("21" + code.substring(2) + "2" + "%03d".formatted(t), shortName + "中学",
                                       SchoolStage.JUNIOR);
            towns.add(new Town(townCode, townName, List.copyOf(villages), primary, junior));
        }
        return new County(code, name, List.copyOf(towns));
    }

    /**
     * The counties' unit directories (recorded a month before the first case) and {@code cases[i]} cases in
     * {@code counties[i]}, every case event in the order it was recorded.
     */
    Histories histories(List<County> counties, List<Integer> cases, double lateVisitShare) {
        List<List<Recorded>> directories = new ArrayList<>();
        Instant directoryDay = firstDay.minusMonths(1).atTime(10, 0).atZone(DateRules.CHINA_ZONE).toInstant();
        for (County county : counties) {
            List<Recorded> directory = directory(county, directoryDay);
            for (int from = 0; from < directory.size(); from += UNITS_PER_COMMIT) {
                directories.add(directory.subList(from, Math.min(directory.size(), from + UNITS_PER_COMMIT)));
            }
        }
        List<List<Step>> paths = new ArrayList<>();
        Map<String, Integer> byCounty = new LinkedHashMap<>();
        Map<String, Integer> tally = new TreeMap<>();
        for (int c = 0; c < counties.size(); c++) {
            County county = counties.get(c);
            byCounty.put(county.code(), cases.get(c));
            for (int n = 0; n < cases.get(c); n++) {
                Random random = new Random(seed * 1_000_003L + Long.parseLong(county.code()) * 100_000L + n);
                CasePath path = new CasePath(county, n, random);
                paths.add(path.steps);
                tally.merge(path.outcome, 1, Integer::sum);
            }
        }
        int visits = 0;
        for (List<Step> path : paths) {
            visits += (int) path.stream().filter(step -> step.visit).count();
        }
        int late = enterLate(paths, (int) Math.round(visits * lateVisitShare), new Random(seed));
        List<Recorded> caseEvents = new ArrayList<>();
        for (List<Step> path : paths) {
            caseEvents.addAll(recorded(path));
        }
        caseEvents.sort(Comparator.comparing(Recorded::recordedAt).thenComparing(Recorded::aggregateId)
                                  .thenComparingLong(Recorded::sequence));
        return new Histories(List.copyOf(directories), List.copyOf(caseEvents), byCounty, tally, visits, late);
    }

    // ------------------------------------------------------------------------------------------------ the directory

    private static List<Recorded> directory(County county, Instant recordedAt) {
        Actor admin = new Actor("bench.admin." + county.code(), Actor.Role.ADMIN, county.code());
        List<DirectoryUnit> units = new ArrayList<>();
        units.add(DirectoryUnit.county(county.code(), county.name()));
        for (Town town : county.towns()) {
            units.add(DirectoryUnit.town(town.code(), town.name()));
            for (Village village : town.villages()) {
                units.add(DirectoryUnit.village(village.code(), village.name()));
            }
            for (School school : List.of(town.primary(), town.junior())) {
                units.add(DirectoryUnit.school(school.code(), school.name(), town.code(), school.stage(),
                                               SchoolOwnership.PUBLIC, true));
            }
        }
        String aggregateId = UnitDirectory.aggregateId(county.code());
        List<Recorded> events = new ArrayList<>();
        for (int i = 0; i < units.size(); i++) {
            events.add(new Recorded(DIRECTORY_TYPE, aggregateId, i, new UnitAdded(county.code(), units.get(i), null),
                                    recordedAt, admin, "ImportDirectory", false));
        }
        return events;
    }

    // ------------------------------------------------------------------------------------------------ one case

    /** A step of a case before it is numbered: its business day, when it is recorded, and the event it makes. */
    private static final class Step {
        final String caseId;
        final LocalDate on;
        Instant recordedAt;
        final Actor actor;
        final String command;
        /** The event, given the case's visit number so far (counted in recording order, as the case service does). */
        final IntFunction<CaseEvent> event;
        final boolean visit;
        boolean late;

        Step(String caseId, LocalDate on, Instant recordedAt, Actor actor, String command, boolean visit,
             IntFunction<CaseEvent> event) {
            this.caseId = caseId;
            this.on = on;
            this.recordedAt = recordedAt;
            this.actor = actor;
            this.command = command;
            this.visit = visit;
            this.event = event;
        }
    }

    private final class CasePath {

        final List<Step> steps = new ArrayList<>();
        String outcome;
        private final Random random;
        private final String caseId;
        private final Town town;
        private final Village village;
        private final Actor villageClerk;
        private final Actor townClerk;
        private final Grade grade;
        private final String surname;
        private Instant lastRecorded = Instant.EPOCH;

        CasePath(County county, int n, Random random) {
            this.random = random;
            this.caseId = new UUID((random.nextLong() & ~0xF000L) | 0x4000L,
                                   (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L).toString();
            // Towns differ in size: weights 1–4.
            int weightSum = 0;
            for (int t = 0; t < county.towns().size(); t++) {
                weightSum += 1 + t % 4;
            }
            int pick = random.nextInt(weightSum);
            Town chosen = county.towns().get(0);
            for (int t = 0; t < county.towns().size(); t++) {
                pick -= 1 + t % 4;
                if (pick < 0) {
                    chosen = county.towns().get(t);
                    break;
                }
            }
            this.town = chosen;
            this.village = town.villages().get(random.nextInt(town.villages().size()));
            this.villageClerk = new Actor("bench.cun." + village.code(), Actor.Role.VILLAGE, village.code());
            this.townClerk = new Actor("bench.xz." + town.code(), Actor.Role.TOWN, town.code());
            this.surname = String.valueOf(SURNAMES.charAt(random.nextInt(SURNAMES.length())));

            LocalDate identifiedOn = identificationDay();
            int age = 7 + random.nextInt(9); // 7–15 on the day the case was identified
            this.grade = Grade.values()[Math.max(0, Math.min(8, age - 7 + random.nextInt(2)))];
            walk(county, n, identifiedOn, age);
        }

        /** Half the cases come from the start-of-term checks (March, September), the rest any day. */
        private LocalDate identificationDay() {
            long span = ChronoUnit.DAYS.between(firstDay, lastDay);
            LocalDate day = firstDay.plusDays(random.nextInt((int) span + 1));
            if (random.nextInt(100) < 45) {
                LocalDate termStart = TERMS.startOf(TERMS.termOf(day));
                LocalDate checked = termStart.plusDays(random.nextInt(25));
                if (!checked.isBefore(firstDay) && !checked.isAfter(lastDay)) {
                    day = checked;
                }
            }
            return day;
        }

        private void walk(County county, int n, LocalDate identifiedOn, int age) {
            add(identifiedOn, villageClerk, "IdentifyCase", false, v -> identified(county, n, identifiedOn, age));

            LocalDate verifiedOn = identifiedOn.plusDays(random.nextInt(100) < 85 ? 1 + random.nextInt(7)
                                                                                  : 8 + random.nextInt(14));
            if (verifiedOn.isAfter(lastDay)) {
                outcome = "待核实";
                return;
            }
            int verification = random.nextInt(100);
            if (verification < 7) {
                ClosingCategory category = pick(NOT_DROPOUT);
                add(verifiedOn, townClerk, "CloseAsNotDropout", false, v -> new CaseVerifiedNotDropout(caseId,
                        verifiedOn, category, List.of(evidence(verifiedOn)), "经乡镇中心学校与村委会核实，不属于辍学"));
                outcome = "核实后不属辍学（关闭）";
                return;
            }
            if (verification < 10) {
                LocalDate dueBy = TERMS.nextTermStart(verifiedOn).plusDays(14);
                add(verifiedOn, townClerk, "ScheduleRecheck", false, v -> new CaseRecheckScheduled(caseId, verifiedOn,
                        random.nextBoolean() ? RecheckReason.MISSING_OR_UNREACHABLE : RecheckReason.PERSON_NOT_FOUND,
                        List.of(evidence(verifiedOn)), "全家外出务工，多次联系不上，下学期开学复查",
                        TERMS.termOf(verifiedOn).next(), dueBy));
                outcome = "待复查";
                return;
            }
            add(verifiedOn, townClerk, "ConfirmDropout", false,
                v -> new DropoutConfirmed(caseId, verifiedOn, "乡镇中心学校会同村委会入户核实，确认辍学"));

            LocalDate assignedOn = verifiedOn.plusDays(random.nextInt(100) < 88 ? 1 + random.nextInt(6)
                                                                                : 8 + random.nextInt(18));
            if (assignedOn.isAfter(lastDay)) {
                outcome = "已确认、未落实三帮一";
                return;
            }
            addTrio(assignedOn, trio(n));

            if (random.nextInt(100) < 4) {
                homeTeaching(assignedOn);
                return;
            }
            persuade(assignedOn);
        }

        private void persuade(LocalDate assignedOn) {
            int fate = random.nextInt(100);
            int visitsBeforeOutcome = 1 + random.nextInt(5);
            boolean legal = random.nextInt(100) < 8;
            LocalDate day = assignedOn.plusDays(1 + random.nextInt(10));
            for (int i = 1; ; i++) {
                if (day.isAfter(lastDay)) {
                    outcome = "劝返中";
                    return;
                }
                boolean agreed = fate < 62 && i == visitsBeforeOutcome;
                visit(day, agreed ? VisitOutcome.AGREED_TO_RETURN : pick(NOT_YET));
                if (legal && i == 2) {
                    day = legalLadder(day);
                    if (day == null) {
                        outcome = "劝返中（依法控辍）";
                        return;
                    }
                }
                if (i >= visitsBeforeOutcome && fate < 70) {
                    break;
                }
                day = day.plusDays(random.nextInt(100) < 88 ? 7 + random.nextInt(22) : 31 + random.nextInt(30));
            }
            LocalDate outcomeDay = day.plusDays(2 + random.nextInt(18));
            if (outcomeDay.isAfter(lastDay)) {
                outcome = "劝返中";
                return;
            }
            if (fate >= 62) {
                ClosingCategory category = pick(SPECIAL);
                add(outcomeDay, townClerk, "CloseCase", false, v -> new CaseClosed(caseId, outcomeDay, category,
                        List.of(evidence(outcomeDay)), "提供证明材料，按特殊情况销号"));
                outcome = "特殊情况关闭";
                return;
            }
            returned(outcomeDay, 1);
        }

        private void returned(LocalDate returnedOn, int episode) {
            School school = grade.number() <= 6 ? town.primary() : town.junior();
            LocalDate watchEnds = TERMS.watchPeriodEnd(returnedOn);
            add(returnedOn, townClerk, "RecordReturnToSchool", false, v -> new StudentReturnedToSchool(caseId,
                    returnedOn, school.name(), school.code(), grade, grade.label() + "（" + (1 + random.nextInt(4)) + "）班",
                    Placement.REGULAR_CLASS, episode, watchEnds));
            if (episode == 1 && random.nextInt(100) < 4) {
                LocalDate relapsedOn = returnedOn.plusDays(20 + random.nextInt(60));
                if (relapsedOn.isBefore(watchEnds) && !relapsedOn.isAfter(lastDay)) {
                    add(relapsedOn, townClerk, "RecordRelapse", false, v -> new RelapseRecorded(caseId, relapsedOn, 2,
                            CaseStatus.PERSUADING, "返校后再次连续两周未到校"));
                    LocalDate day = relapsedOn.plusDays(3 + random.nextInt(10));
                    for (int i = 0; i < 1 + random.nextInt(3) && !day.isAfter(lastDay); i++) {
                        visit(day, pick(NOT_YET));
                        day = day.plusDays(7 + random.nextInt(22));
                    }
                    outcome = "再次辍学、劝返中";
                    return;
                }
            }
            LocalDate crossedOffOn = watchEnds.plusDays(random.nextInt(16));
            if (crossedOffOn.isAfter(lastDay) || random.nextInt(100) < 7) {
                outcome = "已返校观察中";
                return;
            }
            add(crossedOffOn, townClerk, "CrossOff", false,
                v -> new CaseCrossedOff(caseId, crossedOffOn, "观察期内出勤正常，开学核查在校"));
            outcome = "已销号";
        }

        /** Criticism, a correction order, its service; the day after, or null when that runs past yesterday. */
        private LocalDate legalLadder(LocalDate after) {
            LocalDate criticisedOn = after.plusDays(3 + random.nextInt(8));
            LocalDate issuedOn = criticisedOn.plusDays(2 + random.nextInt(6));
            LocalDate servedOn = issuedOn.plusDays(1 + random.nextInt(3));
            if (servedOn.isAfter(lastDay)) {
                return null;
            }
            String government = town.name() + "人民政府";
            String order = town.name().substring(0, 2) + "政责〔" + issuedOn.getYear() + "〕" + (1 + random.nextInt(60)) + "号";
            add(criticisedOn, townClerk, "RecordCriticismEducation", false, v -> new CriticismEducationRecorded(
                    caseId, criticisedOn, government, "对监护人进行批评教育，责令送子女返校"));
            add(issuedOn, townClerk, "IssueCorrectionOrder", false, v -> new CorrectionOrderIssued(caseId, order,
                    issuedOn, government, issuedOn.plusDays(10 + random.nextInt(11))));
            add(servedOn, townClerk, "RecordDocumentServed", false, v -> new LegalDocumentServed(caseId, order,
                    servedOn, surname + "建国", ServiceMethod.IN_PERSON));
            return servedOn.plusDays(5 + random.nextInt(20));
        }

        private void homeTeaching(LocalDate assignedOn) {
            LocalDate recordedOn = assignedOn.plusDays(1 + random.nextInt(3));
            LocalDate startsOn = recordedOn.plusDays(2 + random.nextInt(8));
            if (startsOn.isAfter(lastDay)) {
                outcome = "已确认、待送教";
                return;
            }
            add(recordedOn, townClerk, "RecordDisability", false, v -> new DisabilityRecorded(caseId, recordedOn,
                    DisabilityCategory.values()[random.nextInt(DisabilityCategory.values().length)],
                    DisabilityLevel.LEVEL_1, "残疾证 " + surname + "（虚构）"));
            List<String> teachers = List.of(adultName(), adultName());
            School school = town.primary();
            add(startsOn, townClerk, "ArrangeHomeTeaching", false,
                v -> new HomeTeachingArranged(caseId, teachers, school.name(), 1, 2, startsOn));
            LocalDate day = startsOn;
            int sessions = 4 + random.nextInt(20);
            for (int i = 0; i < sessions && !day.isAfter(lastDay); i++) {
                LocalDate deliveredOn = day;
                String sessionId = uuid().toString();
                add(deliveredOn, townClerk, "RecordHomeTeachingSession", false, v -> new HomeTeachingSessionDelivered(
                        caseId, sessionId, deliveredOn, teachers.subList(0, 1), 2, "认读生字、简单计算；康复训练"));
                day = day.plusDays(random.nextInt(100) < 85 ? 7 : 14);
            }
            outcome = "送教上门";
        }

        private void visit(LocalDate on, VisitOutcome result) {
            String visitId = uuid().toString();
            VisitMethod method = pick(METHODS);
            Set<TrioRole> present = random.nextBoolean() ? EnumSet.allOf(TrioRole.class)
                    : EnumSet.of(TrioRole.TEACHER, TrioRole.VILLAGE_CADRE);
            add(on, villageClerk, "LogVisit", true, number -> new VisitLogged(caseId, visitId, number, on, present,
                    List.of("驻村工作队队员"), method, result,
                    result == VisitOutcome.AGREED_TO_RETURN ? "学生本人和家长同意返校，学校已安排插班"
                            : "与学生及祖父母面谈，宣讲义务教育法，家长表示再考虑",
                    result == VisitOutcome.AGREED_TO_RETURN ? "联系学校办理返校" : "两周内再次入户",
                    on.plusDays(14)));
        }

        /** The one place a trio is recorded (see {@link #trioAssigned}): on the day it was assigned. */
        private void addTrio(LocalDate assignedOn, Helper[] trio) {
            add(assignedOn, townClerk, "AssignTrio", false, v -> trioAssigned(caseId, trio, assignedOn));
        }

        private CaseIdentified identified(County county, int n, LocalDate identifiedOn, int age) {
            LocalDate birthDate = identifiedOn.minusYears(age).minusDays(30 + random.nextInt(300));
            boolean boy = random.nextBoolean();
            String idNumber = idNumber(county.code(), birthDate, boy, n);
            String chars = boy ? BOY_CHARS : GIRL_CHARS;
            String name = surname + chars.charAt(random.nextInt(chars.length()))
                    + (random.nextInt(4) == 0 ? "" : String.valueOf(chars.charAt(random.nextInt(chars.length()))));
            StudentIdentity student = new StudentIdentity(name, new IdNumber(idNumber), null, null, null);
            School school = grade.number() <= 6 ? town.primary() : town.junior();
            DropoutReason primary = pick(REASONS);
            Set<DropoutReason> others = primary == DropoutReason.FAMILY_OR_GUARDIANSHIP ? Set.of()
                    : Set.of(DropoutReason.FAMILY_OR_GUARDIANSHIP);
            IdentificationSource source = TERMS.startOf(TERMS.termOf(identifiedOn)).plusDays(25).isAfter(identifiedOn)
                    ? IdentificationSource.TERM_START_CHECK
                    : List.of(IdentificationSource.ABSENCE_REPORT, IdentificationSource.VILLAGE_SURVEY,
                              IdentificationSource.PLATFORM_COMPARISON).get(random.nextInt(3));
            return new CaseIdentified(caseId, source, null, identifiedOn, student,
                    new HouseholdLocation(new DivisionCode(village.code()),
                                          village.name() + (1 + random.nextInt(9)) + "组" + (1 + random.nextInt(60)) + "号"),
                    new LastSchool(school.name(), school.code(), grade),
                    List.of(new PriorityCategoryEntry(pick(CATEGORIES), identifiedOn.minusMonths(6 + random.nextInt(12)),
                                                      "县民政局台账")),
                    new SuspectedReasons(primary, others, "开学两周未到校，班主任电话联系家长未果"));
        }

        private Helper[] trio(int n) {
            String suffix = "%05d".formatted(random.nextInt(100_000));
            return new Helper[] {
                new Helper(adultName(), school().name() + " 班主任", new MobileNumber("139002" + suffix)),
                new Helper(adultName(), village.name() + "村委会 委员", new MobileNumber("138002" + suffix)),
                new Helper(surname + ADULT_CHARS.charAt(random.nextInt(ADULT_CHARS.length()))
                                   + ADULT_CHARS.charAt(random.nextInt(ADULT_CHARS.length())), "父亲",
                           new MobileNumber("137002" + suffix))};
        }

        private School school() {
            return grade.number() <= 6 ? town.primary() : town.junior();
        }

        private String adultName() {
            return "" + SURNAMES.charAt(random.nextInt(SURNAMES.length()))
                    + ADULT_CHARS.charAt(random.nextInt(ADULT_CHARS.length()))
                    + ADULT_CHARS.charAt(random.nextInt(ADULT_CHARS.length()));
        }

        private EvidenceDocument evidence(LocalDate on) {
            return new EvidenceDocument(EvidenceKind.COMMUNITY_CERTIFICATE,
                                        village.name() + "证字〔" + on.getYear() + "〕" + (1 + random.nextInt(90)) + "号",
                                        village.name() + "村委会", on);
        }

        /** A step on {@code on}, recorded that day during office hours (after the case's previous step). */
        private void add(LocalDate on, Actor actor, String command, boolean visit, IntFunction<CaseEvent> event) {
            Instant recordedAt = on.atTime(LocalTime.of(8, 30).plusMinutes(random.nextInt(570)))
                                   .atZone(DateRules.CHINA_ZONE).toInstant();
            if (!recordedAt.isAfter(lastRecorded)) {
                recordedAt = lastRecorded.plusSeconds(60 + random.nextInt(600));
            }
            if (recordedAt.isAfter(latest)) {
                // Business days end yesterday and are recorded by 18:00 China time: cannot happen.
                throw new IllegalStateException("a step of case " + caseId + " would be recorded in the future");
            }
            lastRecorded = recordedAt;
            steps.add(new Step(caseId, on, recordedAt, actor, command, visit, event));
        }

        private <T> T pick(List<T> values) {
            return values.get(random.nextInt(values.size()));
        }

        private UUID uuid() {
            return new UUID((random.nextLong() & ~0xF000L) | 0x4000L,
                            (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L);
        }
    }

    /** The one place a {@link TrioAssigned} is made, with the day the trio was assigned. */
    static TrioAssigned trioAssigned(String caseId, Helper[] trio, LocalDate assignedOn) {
        return new TrioAssigned(caseId, assignedOn, trio[0], trio[1], trio[2]);
    }

    /** A unique GB 11643 ID number: the county, the birth date, a sequence (odd for boys), the check character. */
    private String idNumber(String county, LocalDate birthDate, boolean boy, int n) {
        for (int attempt = 0; ; attempt++) {
            int sequence = ((n + attempt * 37) % 500) * 2 + (boy ? 1 : 0);
            String first17 = county + birthDate.format(java.time.format.DateTimeFormatter.BASIC_ISO_DATE)
                    + "%03d".formatted(sequence);
            String idNumber = first17 + IdNumber.checkCharacter(first17);
            if (idNumbers.add(idNumber)) {
                return idNumber;
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ late entries

    /**
     * Marks {@code wanted} visits as entered late: each is recorded 1–36 hours after the case's next visit (and before
     * the step after that), never two neighbours. Answers how many were marked.
     */
    private int enterLate(List<List<Step>> paths, int wanted, Random random) {
        List<int[]> candidates = new ArrayList<>();
        for (int p = 0; p < paths.size(); p++) {
            List<Step> steps = paths.get(p);
            for (int i = 0; i + 1 < steps.size(); i++) {
                if (steps.get(i).visit && steps.get(i + 1).visit) {
                    candidates.add(new int[] {p, i});
                }
            }
        }
        Collections.shuffle(candidates, random);
        int marked = 0;
        for (int[] candidate : candidates) {
            if (marked >= wanted) {
                break;
            }
            List<Step> steps = paths.get(candidate[0]);
            int i = candidate[1];
            Step visit = steps.get(i);
            Step next = steps.get(i + 1);
            if (lateNear(steps, i)) {
                continue;
            }
            Instant bound = i + 2 < steps.size() ? steps.get(i + 2).recordedAt : latest;
            Instant at = next.recordedAt.plus(Duration.ofMinutes(60 + random.nextInt(35 * 60)));
            if (!at.isBefore(bound)) {
                at = next.recordedAt.plus(Duration.between(next.recordedAt, bound).dividedBy(2));
            }
            if (!at.isAfter(next.recordedAt) || !at.isBefore(bound)) {
                continue;
            }
            visit.recordedAt = at;
            visit.late = true;
            marked++;
        }
        return marked;
    }

    /** True when a step within two of {@code i} was entered late already (their bounds would overlap). */
    private static boolean lateNear(List<Step> steps, int i) {
        for (int j = Math.max(0, i - 2); j <= Math.min(steps.size() - 1, i + 2); j++) {
            if (steps.get(j).late) {
                return true;
            }
        }
        return false;
    }

    /** A case's steps in recording order, numbered (sequence, and visits in the order they were recorded). */
    private static List<Recorded> recorded(List<Step> steps) {
        List<Step> ordered = new ArrayList<>(steps);
        ordered.sort(Comparator.comparing(step -> step.recordedAt));
        List<Recorded> events = new ArrayList<>();
        int visits = 0;
        for (int sequence = 0; sequence < ordered.size(); sequence++) {
            Step step = ordered.get(sequence);
            if (step.visit) {
                visits++;
            }
            events.add(new Recorded(CASE_TYPE, step.caseId, sequence, step.event.apply(visits), step.recordedAt,
                                    step.actor, step.command, step.late));
        }
        return events;
    }
}
