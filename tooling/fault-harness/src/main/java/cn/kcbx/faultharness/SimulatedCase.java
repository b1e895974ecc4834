package cn.kcbx.faultharness;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * One case as its simulated user believes it stands (from the acknowledged answers), and the next command to send
 * on it. The walk: identify (village) → confirm (village) → 三帮一 trio (town) → visits (village) and the legal
 * ladder (town) → return (school) → 销号 (school). Dates lie in the past (identified some 400 days ago) so that the
 * watch period is over and the walk can reach 销号; each step's date follows the one before, as the case demands.
 */
final class SimulatedCase {

    static final int MAX_VISITS = 6;

    final FictionalCounty.Town town;
    final String village;
    final FictionalCounty.Student student;
    final LocalDate identifiedOn;
    final LocalDate today;
    String caseId;
    Progress progress = new Progress(0, 0, 0);

    SimulatedCase(FictionalCounty.Town town, String village, FictionalCounty.Student student, LocalDate today) {
        this.town = town;
        this.village = village;
        this.student = student;
        this.today = today;
        this.identifiedOn = today.minusDays(400 + student.number() % 30);
    }

    boolean closed() {
        return progress.status() >= 4;
    }

    /** The next step to take on this case (never IDENTIFY: that is the case's first command). */
    Step nextStep(Random random) {
        switch (Progress.STATUSES.get(progress.status())) {
            case "IDENTIFIED":
                return Step.CONFIRM;
            case "CONFIRMED_DROPOUT":
                return Step.TRIO;
            case "RETURNED":
                return Step.CROSS_OFF;
            default:
                break;
        }
        int roll = random.nextInt(100);
        if (progress.visits() == 0 || (roll < 50 && progress.visits() < MAX_VISITS)) {
            return Step.VISIT;
        }
        if (roll < 80 && progress.legal() < 3) {
            return switch (progress.legal()) {
                case 0 -> Step.CRITICISM;
                case 1 -> Step.CORRECTION_ORDER;
                default -> Step.DOCUMENT_SERVED;
            };
        }
        return progress.visits() >= 2 ? Step.RETURN : Step.VISIT;
    }

    /** The progress the case shows once {@code step} is stored. */
    Progress after(Step step) {
        return switch (step) {
            case IDENTIFY -> new Progress(0, 0, 0);
            case CONFIRM -> new Progress(1, progress.visits(), progress.legal());
            case TRIO -> new Progress(2, progress.visits(), progress.legal());
            case VISIT -> new Progress(progress.status(), progress.visits() + 1, progress.legal());
            case CRITICISM -> new Progress(progress.status(), progress.visits(), 1);
            case CORRECTION_ORDER -> new Progress(progress.status(), progress.visits(), 2);
            case DOCUMENT_SERVED -> new Progress(progress.status(), progress.visits(), 3);
            case RETURN -> new Progress(3, progress.visits(), progress.legal());
            case CROSS_OFF -> new Progress(4, progress.visits(), progress.legal());
        };
    }

    /** The JSON body of {@code step} (the README's "Walk one case with curl", with this case's data and dates). */
    Map<String, Object> body(Step step) {
        Map<String, Object> body = new LinkedHashMap<>();
        switch (step) {
            case IDENTIFY -> {
                body.put("source", "VILLAGE_SURVEY");
                body.put("identifiedOn", identifiedOn.toString());
                body.put("student", Map.of("name", student.name(), "idNumber", student.idNumber(), "sex", student.sex()));
                body.put("household", Map.of("village", village, "address", town.name() + "示例村" + (student.number() % 9 + 1) + "组"));
                body.put("lastSchool", Map.of("schoolName", town.schoolName(), "schoolCode", town.schoolCode(),
                                              "grade", "GRADE_4"));
                body.put("priorityCategories", List.of(Map.of("category", "LEFT_BEHIND_CHILD",
                        "since", identifiedOn.minusYears(1).toString(), "sourceRegister", "民政留守儿童名册")));
                body.put("suspectedReasons", Map.of("primary", "LEARNING_DIFFICULTY",
                                                    "others", List.of("FAMILY_OR_GUARDIANSHIP")));
            }
            case CONFIRM -> {
                body.put("confirmedOn", identifiedOn.plusDays(5).toString());
                body.put("note", "连续缺课超过一个月");
            }
            case TRIO -> {
                String suffix = "%06d".formatted(student.number() % 1_000_000);
                body.put("assignedOn", identifiedOn.plusDays(7).toString());
                body.put("teacher", helper("王老师", town.schoolName() + " 班主任", "13900" + suffix));
                body.put("villageCadre", helper("张主任", "示例村村委会", "13800" + suffix));
                body.put("guardian", helper(student.name().charAt(0) + "大山", "父亲", "13700" + suffix));
            }
            case VISIT -> {
                LocalDate visitedOn = identifiedOn.plusDays(10 + progress.visits() * 3L);
                body.put("visitId", UUID.randomUUID().toString());
                body.put("visitedOn", visitedOn.toString());
                body.put("trioParticipants", List.of("TEACHER", "VILLAGE_CADRE"));
                body.put("method", "HOME_VISIT");
                body.put("outcome", "UNDECIDED");
                body.put("notes", "家长外出务工，孩子由祖父母照看，对返校犹豫");
                body.put("nextVisitPlannedOn", visitedOn.plusDays(7).toString());
            }
            case CRITICISM -> {
                body.put("criticisedOn", identifiedOn.plusDays(60).toString());
                body.put("issuedBy", town.name() + "人民政府");
            }
            case CORRECTION_ORDER -> {
                body.put("orderNumber", orderNumber());
                body.put("issuedOn", identifiedOn.plusDays(62).toString());
                body.put("issuedBy", town.name() + "人民政府");
                body.put("deadline", identifiedOn.plusDays(80).toString());
            }
            case DOCUMENT_SERVED -> {
                body.put("documentReference", orderNumber());
                body.put("servedOn", identifiedOn.plusDays(63).toString());
                body.put("servedTo", student.name().charAt(0) + "大山");
                body.put("serviceMethod", "IN_PERSON");
            }
            case RETURN -> {
                body.put("returnedOn", identifiedOn.plusDays(120).toString());
                body.put("schoolName", town.schoolName());
                body.put("schoolCode", town.schoolCode());
                body.put("grade", "GRADE_5");
                body.put("className", "五年级（2）班");
                body.put("placement", "REGULAR_CLASS");
            }
            case CROSS_OFF -> {
                body.put("crossedOffOn", today.minusDays(5).toString());
                body.put("note", "观察期内正常到校，销号");
            }
        }
        return body;
    }

    private String orderNumber() {
        return town.name().charAt(0) + "镇教〔" + identifiedOn.getYear() + "〕" + (student.number() + 1) + "号";
    }

    private static Map<String, Object> helper(String name, String unit, String phone) {
        return Map.of("name", name, "unitOrRelation", unit, "phone", phone);
    }
}
