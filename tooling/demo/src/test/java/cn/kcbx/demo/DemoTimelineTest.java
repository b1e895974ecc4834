package cn.kcbx.demo;

import cn.kcbx.kernel.actor.Actor;
import cn.kcbx.kernel.dropoutcase.CasePolicy;
import cn.kcbx.kernel.region.DivisionCode;
import cn.kcbx.kernel.student.CompulsoryEducationAge;
import cn.kcbx.kernel.student.IdNumber;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The generated county without a server: determinism, fictional identities, dates. */
class DemoTimelineTest {

    private static final LocalDate LAST_DAY = LocalDate.of(2026, 11, 22);

    private static DemoTimeline full(long seed) {
        return DemoTimeline.generate(seed, 10, 30, LAST_DAY, CasePolicy.DEFAULT);
    }

    @Test
    void same_seed_gives_the_same_county_and_another_seed_another() {
        DemoTimeline a = full(1);
        DemoTimeline b = full(1);
        assertThat(b.cases()).isEqualTo(a.cases());
        assertThat(b.steps()).isEqualTo(a.steps());
        assertThat(full(2).cases()).isNotEqualTo(a.cases());
    }

    @Test
    void full_size_county_has_ten_towns_a_few_hundred_cases_and_every_path() {
        DemoTimeline timeline = full(20_250_901L);
        assertThat(timeline.county().towns()).hasSize(10);
        timeline.county().towns().forEach(town -> {
            assertThat(new DivisionCode(town.code()).level()).isEqualTo(DivisionCode.Level.TOWN);
            assertThat(town.code()).startsWith(DemoCounty.COUNTY_CODE);
            assertThat(town.villages()).hasSizeBetween(4, 6);
            town.villages().forEach(village -> assertThat(new DivisionCode(village.code()).parent().value())
                    .isEqualTo(town.code()));
            assertThat(town.primary().code()).matches("\\d{10}");
            assertThat(town.junior().code()).matches("\\d{10}");
        });
        assertThat(timeline.cases()).hasSize(300);
        Set<DemoPath> paths = EnumSet.noneOf(DemoPath.class);
        timeline.cases().forEach(c -> paths.add(c.path()));
        assertThat(paths).containsExactlyInAnyOrder(DemoPath.values());
    }

    @Test
    void id_numbers_are_valid_unique_fictional_and_of_compulsory_age() {
        DemoTimeline timeline = full(3);
        Set<String> seen = new HashSet<>();
        for (DemoTimeline.DemoCase demoCase : timeline.cases()) {
            IdNumber id = new IdNumber(demoCase.idNumber());
            assertThat(id.value()).startsWith(DemoCounty.COUNTY_CODE);
            assertThat(CompulsoryEducationAge.DEFAULT.covers(id.ageOn(demoCase.identifiedOn()))).isTrue();
            assertThat(seen.add(id.value())).isTrue();
        }
    }

    @Test
    void steps_are_chronological_within_eighteen_months_and_never_after_the_last_day() {
        DemoTimeline timeline = full(4);
        var steps = timeline.steps();
        for (int i = 1; i < steps.size(); i++) {
            assertThat(steps.get(i).at()).isAfterOrEqualTo(steps.get(i - 1).at());
        }
        assertThat(steps).allSatisfy(step -> {
            assertThat(step.businessDate()).isBeforeOrEqualTo(LAST_DAY);
            assertThat(step.at()).isBefore(LAST_DAY.plusDays(1).atStartOfDay(DemoTimeline.ZONE).toInstant());
            assertThat(step.requestId()).hasSize(36);
        });
        assertThat(ChronoUnit.DAYS.between(steps.get(0).businessDate(), LAST_DAY)).isBetween(400L, 541L);
        assertThat(steps.stream().map(DemoStep::requestId).distinct().count()).isEqualTo(steps.size());
    }

    /** The 三帮一, replacement and disability steps carry their business date: the simulated day of the step. */
    @Test
    void trio_replacement_and_disability_steps_are_dated_the_day_they_happen() {
        Map<String, String> dateFields = Map.of("/trio", "assignedOn", "/trio/replacements", "replacedOn",
                                                "/disability", "verifiedOn");
        List<DemoStep> dated = full(20_250_901L).steps().stream().filter(s -> dateFields.containsKey(s.path()))
                                                 .toList();
        assertThat(dated).extracting(DemoStep::path).contains("/trio", "/trio/replacements", "/disability");
        assertThat(dated).allSatisfy(step -> assertThat(step.body().path(dateFields.get(step.path())).asText())
                .isEqualTo(step.businessDate().toString()));
    }

    /**
     * A few families move to another town of the county: the case's town hands it over, and every later step of the
     * case is taken by the receiving town or its village (whose code the actor carries).
     */
    @Test
    void some_cases_move_to_another_town_and_are_worked_there_afterwards() {
        DemoTimeline timeline = full(20_250_901L);
        int transfers = 0;
        for (DemoTimeline.DemoCase demoCase : timeline.cases()) {
            List<DemoStep> steps = timeline.steps().stream().filter(s -> s.caseIndex() == demoCase.index()).toList();
            int at = -1;
            for (int i = 0; i < steps.size(); i++) {
                if (steps.get(i).path().equals("/transfer")) {
                    at = i;
                }
            }
            if (at < 0) {
                continue;
            }
            transfers++;
            DemoStep transfer = steps.get(at);
            String from = demoCase.villageCode().substring(0, 9);
            String to = transfer.body().path("household").path("village").asText().substring(0, 9);
            assertThat(transfer.actor().role()).isEqualTo(Actor.Role.TOWN);
            assertThat(transfer.actor().unitCode()).isEqualTo(from).isNotEqualTo(to);
            assertThat(steps.subList(at + 1, steps.size())).isNotEmpty()
                    .allSatisfy(later -> assertThat(later.actor().unitCode()).startsWith(to));
        }
        assertThat(transfers).isBetween(3, 20);
    }

    /** The API test's small county must show every path whatever the day it runs on. */
    @Test
    void a_small_county_reaches_each_paths_key_step_on_any_day() {
        Map<DemoPath, List<String>> keySteps = new EnumMap<>(DemoPath.class);
        keySteps.put(DemoPath.CROSSED_OFF, List.of("/return", "/cross-off"));
        keySteps.put(DemoPath.WATCHING, List.of("/return"));
        keySteps.put(DemoPath.RELAPSED, List.of("/return", "/relapses"));
        keySteps.put(DemoPath.REOPENED, List.of("/cross-off", "/reopen"));
        keySteps.put(DemoPath.HOME_TEACHING_ON_RATE,
                     List.of("/disability", "/home-teaching", "/home-teaching/sessions"));
        keySteps.put(DemoPath.HOME_TEACHING_BEHIND, List.of("/home-teaching/sessions"));
        keySteps.put(DemoPath.HOME_TEACHING_ENDED, List.of("/home-teaching/sessions", "/close"));
        keySteps.put(DemoPath.LEGAL_SERVED_OVERDUE, List.of("/legal/served-documents"));
        keySteps.put(DemoPath.LEGAL_JUDICIAL, List.of("/legal/judicial-interventions"));
        keySteps.put(DemoPath.LEGAL_LAWSUIT_CONCLUDED, List.of("/legal/lawsuits", "/legal/lawsuit-outcome"));
        keySteps.put(DemoPath.LEGAL_LAWSUIT_PENDING, List.of("/legal/lawsuits"));
        keySteps.put(DemoPath.NOT_DROPOUT, List.of("/verification/not-dropout"));
        keySteps.put(DemoPath.CLOSED_SPECIAL, List.of("/close"));
        keySteps.put(DemoPath.PENDING_RECHECK, List.of("/verification/recheck"));
        keySteps.put(DemoPath.RECHECK_CONFIRMED, List.of("/verification/recheck", "/verification/confirm", "/trio"));
        keySteps.put(DemoPath.PERSUADING, List.of("/visits", "/transfer", "/trio/replacements"));
        keySteps.put(DemoPath.OVERDUE_NO_VISIT, List.of("/visits"));
        for (LocalDate day = LocalDate.of(2026, 1, 1); day.isBefore(LocalDate.of(2028, 1, 1)); day = day.plusDays(3)) {
            DemoTimeline timeline = DemoTimeline.generate(20_250_901L, 2, 10, day, CasePolicy.DEFAULT);
            for (DemoTimeline.DemoCase demoCase : timeline.cases()) {
                Set<String> sent = new HashSet<>();
                timeline.steps().stream().filter(step -> step.caseIndex() == demoCase.index())
                        .forEach(step -> sent.add(step.path()));
                assertThat(sent).as("%s on %s", demoCase.path(), day)
                                .containsAll(keySteps.getOrDefault(demoCase.path(), List.of()));
            }
        }
    }
}
