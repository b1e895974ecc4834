package cn.kcbx.query.transfer;

import cn.kcbx.kernel.directory.DirectoryUnit;
import cn.kcbx.kernel.directory.UnitAdded;
import cn.kcbx.kernel.directory.UnitChanged;
import cn.kcbx.kernel.directory.UnitDirectory;
import cn.kcbx.kernel.dropoutcase.CaseEvent;
import cn.kcbx.kernel.dropoutcase.transfer.CaseTransferred;
import cn.kcbx.kernel.dropoutcase.transfer.ReceivingSchool;
import cn.kcbx.query.CaseEvents;
import cn.kcbx.query.casefile.CaseFile;
import cn.kcbx.query.directory.UnitNames;
import cn.kcbx.query.projection.ProjectionEvent;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The transfer list shows the hand-over's free-text note with phone and ID numbers masked, as every list does, and
 * both places with the names the unit directories gave them.
 */
class TransferRowTest {

    private static final String CASE_ID = "5b0c1f9e-2d3a-4e6b-8c7d-9a0b1c2d3e4f";
    private static final String ID_NUMBER = CaseEvents.idNumberOf(12);
    private static final Instant AUGUST = Instant.parse("2026-08-01T02:00:00Z");

    @Test
    void a_phone_or_id_number_in_the_transfer_note_is_masked_in_the_transfer_list() {
        CaseTransferred usual = CaseEvents.transferred(CASE_ID, "430182101201",
                                                       new ReceivingSchool("白沙镇中学", "2143000007"));
        String spacedId = ID_NUMBER.substring(0, 6) + " " + ID_NUMBER.substring(6, 14) + " " + ID_NUMBER.substring(14);
        CaseTransferred withNumbers = new CaseTransferred(
                CASE_ID, usual.kind(), usual.transferredOn(), usual.fromVillage(), usual.toHousehold(),
                usual.fromSchoolCodes(), usual.toSchool(),
                "随父母迁户，父亲电话 138-1234-5678，母亲 13912345678，学生身份证 " + spacedId);
        CaseFile file = transferredBy(withNumbers);

        TransferRow row = TransferRow.of(file, file.lastTransfer(), false, UnitNames.of(LocalDate.of(2026, 3, 20)));

        assertThat(row.note()).isEqualTo("随父母迁户，父亲电话 138-****-5678，母亲 139****5678，学生身份证 "
                                                 + ID_NUMBER.substring(0, 4) + "** ******** " + ID_NUMBER.substring(14));
    }

    @Test
    void both_places_carry_the_names_their_directories_gave_them_on_the_day_of_the_transfer() {
        CaseFile file = transferredBy(CaseEvents.transferred(CASE_ID, "430182101201",
                                                             new ReceivingSchool("白沙镇中学", "2143000007")));
        UnitDirectory from = UnitDirectory.of("430181", List.of(
                added(DirectoryUnit.town("430181105", "青禾乡")),
                added(DirectoryUnit.village("430181105203", "青禾村")),
                new UnitDirectory.Recorded(new UnitChanged("430181", DirectoryUnit.village("430181105203", "青禾社区"),
                                                           null, LocalDate.of(2026, 9, 1)), AUGUST)));
        UnitDirectory to = UnitDirectory.of("430182", List.of(
                added(DirectoryUnit.county("430182", "清溪县")),
                added(DirectoryUnit.town("430182101", "白沙镇")),
                added(DirectoryUnit.village("430182101201", "石桥村"))));

        TransferRow row = TransferRow.of(file, file.lastTransfer(), true,
                                         UnitNames.of(LocalDate.of(2026, 12, 1), from, to));

        // Renamed 青禾社区 in September: the transfer of 5 July left 青禾村.
        assertThat(row.from()).isEqualTo(
                new TransferRow.Place("430181105203", "青禾村", "430181105", "青禾乡", "430181", null));
        assertThat(row.to()).isEqualTo(
                new TransferRow.Place("430182101201", "石桥村", "430182101", "白沙镇", "430182", "清溪县"));
        assertThat(row.transferredByUnitName()).isEqualTo("青禾乡");
    }

    private static UnitDirectory.Recorded added(DirectoryUnit unit) {
        return new UnitDirectory.Recorded(new UnitAdded(unit.countyCode(), unit, null), AUGUST);
    }

    /** The case walked to its first visit, then transferred, recorded by a clerk of 青禾乡 (430181105). */
    private static CaseFile transferredBy(CaseTransferred transfer) {
        List<CaseEvent> events = new ArrayList<>(CaseEvents.walk(CASE_ID, ID_NUMBER).subList(0, 4));
        events.add(transfer);
        CaseFile file = null;
        for (int i = 0; i < events.size(); i++) {
            file = CaseFile.fold(file, new ProjectionEvent(CASE_ID, i, 100 + i, "event-" + i,
                                                           Instant.parse("2026-03-10T02:00:00Z").plusSeconds(86_400L * i),
                                                           events.get(i),
                                                           CaseEvents.metaData("clerk", "TOWN", "430181105", "r-" + i)));
        }
        return file;
    }
}
