package cn.kcbx.faultharness;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The harness's own pieces, fast and without any service: the harness itself runs only on demand. */
class HarnessPiecesTest {

    @Test
    void idNumbersCarryTheGb11643CheckCharacterAndAreUnique() {
        // The README's walk uses this fictional number; its check character is 6.
        assertEquals('6', FictionalCounty.checkCharacter("43012220130514387"));
        FictionalCounty county = new FictionalCounty(3, 3, LocalDate.of(2026, 6, 1));
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 5000; i++) {
            FictionalCounty.Student student = county.nextStudent();
            String id = student.idNumber();
            assertTrue(id.startsWith(FictionalCounty.COUNTY), id);
            assertEquals(FictionalCounty.checkCharacter(id.substring(0, 17)), id.charAt(17));
            int sequence = Integer.parseInt(id.substring(14, 17));
            assertTrue(sequence >= 1 && sequence <= 999, id);
            assertEquals(sequence % 2 == 1 ? "MALE" : "FEMALE", student.sex(), id);
            assertTrue(seen.add(id), "issued twice: " + id);
        }
    }

    @Test
    void theCountyHasTownsVillagesAndSchoolsOfTheRightLength() {
        FictionalCounty county = new FictionalCounty(3, 3, LocalDate.of(2026, 6, 1));
        assertEquals(3, county.towns().size());
        for (FictionalCounty.Town town : county.towns()) {
            assertEquals(9, town.code().length());
            assertEquals(10, town.schoolCode().length());
            town.villages().forEach(v -> assertEquals(12, v.length()));
        }
    }

    @Test
    void aWalkReachesCrossOffWithDatesInOrder() {
        FictionalCounty county = new FictionalCounty(1, 1, LocalDate.of(2026, 6, 1));
        FictionalCounty.Town town = county.towns().get(0);
        SimulatedCase simulated = new SimulatedCase(town, town.villages().get(0), county.nextStudent(),
                                                    LocalDate.of(2026, 6, 1));
        simulated.progress = simulated.after(Step.IDENTIFY);
        Random random = new Random(1);
        int steps = 0;
        while (!simulated.closed()) {
            Step step = simulated.nextStep(random);
            Map<String, Object> body = simulated.body(step);
            body.values().stream().filter(v -> v instanceof String s && s.matches("\\d{4}-\\d{2}-\\d{2}"))
                .map(v -> LocalDate.parse((String) v))
                .forEach(d -> assertFalse(d.isAfter(LocalDate.of(2026, 6, 1).plusDays(7)), step + " " + d));
            simulated.progress = simulated.after(step);
            assertTrue(++steps < 40, "the walk never ends");
        }
        assertTrue(simulated.progress.visits() >= 2);
    }

    @Test
    void progressIsReadFromALedgerRowAndOnlyGrows() throws Exception {
        JsonNode row = Api.JSON.readTree("""
                {"caseId": "c", "status": {"code": "PERSUADING", "label": "劝返中"}, "visitCount": 2,
                 "legalStep": {"code": "CRITICISED", "label": "已批评教育"}}""");
        Progress shown = Progress.ofLedgerRow(row);
        assertEquals(new Progress(2, 2, 1), shown);
        assertTrue(new Progress(1, 1, 0).reachedBy(shown));
        assertTrue(new Progress(2, 2, 1).reachedBy(shown));
        assertFalse(new Progress(2, 3, 1).reachedBy(shown));
        assertFalse(new Progress(3, 0, 0).reachedBy(shown));
    }

    @Test
    void rebuildComparisonIgnoresReadTimesAndNamesTheFirstDifference() throws Exception {
        Map<String, JsonNode> before = new LinkedHashMap<>();
        Map<String, JsonNode> after = new LinkedHashMap<>();
        before.put("report", ProjectionCheck.clean(Api.JSON.readTree("{\"asOf\": \"1\", \"rows\": [{\"n\": 1}, {\"n\": 2}]}")));
        after.put("report", ProjectionCheck.clean(Api.JSON.readTree("{\"asOf\": \"2\", \"rows\": [{\"n\": 1}, {\"n\": 3}]}")));
        before.put("ledger/a", Api.JSON.readTree("{\"x\": 1}"));
        after.put("ledger/a", Api.JSON.readTree("{\"x\": 1}"));
        before.put("ledger/b", Api.JSON.readTree("{\"x\": 1}"));
        List<String> mismatches = ProjectionCheck.compare(before, after);
        assertEquals(2, mismatches.size(), mismatches.toString());
        assertTrue(mismatches.get(0).startsWith("ledger/b: only before"), mismatches.get(0));
        assertTrue(mismatches.get(1).startsWith("report: /rows/1/n: 2 before"), mismatches.get(1));
    }

    @Test
    void percentilesAreNearestRank() {
        List<Double> sample = new java.util.ArrayList<>();
        for (int i = 1; i <= 100; i++) {
            sample.add((double) i);
        }
        assertEquals(50.0, Percentiles.of(sample, 50));
        assertEquals(99.0, Percentiles.of(sample, 99));
        assertEquals("50/99", Percentiles.pair(sample));
        assertEquals("-", Percentiles.pair(List.of()));
    }

    @Test
    void theVerdictFailsOnLossDuplicatesMismatchesAndMissingKillsOnly() {
        ReportTable.Figures f = new ReportTable.Figures();
        f.acknowledged = 10;
        f.integrityOk = true;
        f.plannedCaseKills = 3;
        f.plannedQueryKills = 3;
        f.caseKills = 3;
        f.queryKills = 3;
        f.answers5xx = 4;
        f.lagTargetMillis = 250;
        f.halfLoadLags = List.of(900.0);
        assertEquals(List.of(), ReportTable.failures(f), "5xx and lag fail only a strict run");
        f.strict = true;
        assertEquals(2, ReportTable.failures(f).size());
        f.strict = false;
        f.lost = 1;
        f.duplicated = 2;
        f.mismatches = 3;
        f.queryKills = 2;
        assertEquals(4, ReportTable.failures(f).size(), ReportTable.failures(f).toString());
        String table = ReportTable.render(f);
        assertTrue(table.startsWith("commands | kills (case/query) | acknowledged | lost | duplicated | 5xx"), table);
    }

    @Test
    void optionsHavePresetsAndStayInTheHarnessPorts() {
        HarnessOptions quick = HarnessOptions.parse(new String[] {"--short", "--seed=5"});
        assertEquals(3, quick.caseKills);
        assertEquals(5, quick.seed);
        assertFalse(quick.strict);
        HarnessOptions full = HarnessOptions.parse(new String[] {"--full"});
        assertTrue(full.caseKills >= 22 && full.queryKills >= 22);
        assertTrue(full.strict);
        assertThrows(IllegalArgumentException.class, () -> HarnessOptions.parse(new String[] {"--port-base=27000"}));
        assertThrows(IllegalArgumentException.class, () -> HarnessOptions.parse(new String[] {"--bogus"}));
    }

    @Test
    void writerScalingReadsAProcessesCpuTimeFromProc() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isDirectory(java.nio.file.Path.of("/proc/self")));
        long pid = ProcessHandle.current().pid();
        double before = WriterScaling.processCpuSeconds(pid);
        long spin = System.nanoTime() + 300_000_000L;
        double sink = 0;
        while (System.nanoTime() < spin) {
            sink += Math.sqrt(sink + 1);
        }
        assertTrue(sink > 0);
        double after = WriterScaling.processCpuSeconds(pid);
        assertTrue(before > 0, "this JVM has used CPU time since it started");
        assertTrue(after > before, "0.3 s of spinning shows up in utime + stime");
    }
}
