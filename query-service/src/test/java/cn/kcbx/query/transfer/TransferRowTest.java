package cn.kcbx.query.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import cn.kcbx.kernel.dropoutcase.CaseEvent;
import cn.kcbx.kernel.dropoutcase.transfer.CaseTransferred;
import cn.kcbx.kernel.dropoutcase.transfer.ReceivingSchool;
import cn.kcbx.query.CaseEvents;
import cn.kcbx.query.casefile.CaseFile;
import cn.kcbx.query.projection.ProjectionEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The transfer list shows the hand-over's free-text note with phone and ID numbers masked, as every list does. */
class TransferRowTest {

    private static final String CASE_ID = "5b0c1f9e-2d3a-4e6b-8c7d-9a0b1c2d3e4f";
    private static final String ID_NUMBER = CaseEvents.idNumberOf(12);

    @Test
    void a_phone_or_id_number_in_the_transfer_note_is_masked_in_the_transfer_list() {
        CaseTransferred usual = CaseEvents.transferred(CASE_ID, "430182101201",
                                                       new ReceivingSchool("白沙镇中学", "2143000007"));
        String spacedId = ID_NUMBER.substring(0, 6) + " " + ID_NUMBER.substring(6, 14) + " " + ID_NUMBER.substring(14);
        CaseTransferred withNumbers = new CaseTransferred(
                CASE_ID, usual.kind(), usual.transferredOn(), usual.fromVillage(), usual.toHousehold(),
                usual.fromSchoolCodes(), usual.toSchool(),
                "随父母迁户，父亲电话 138-1234-5678，母亲 13912345678，学生身份证 " + spacedId);
        List<CaseEvent> events = new ArrayList<>(CaseEvents.walk(CASE_ID, ID_NUMBER).subList(0, 4));
        events.add(withNumbers);
        CaseFile file = null;
        for (int i = 0; i < events.size(); i++) {
            file = CaseFile.fold(file, new ProjectionEvent(CASE_ID, i, 100 + i, "event-" + i,
                                                           Instant.parse("2026-03-10T02:00:00Z").plusSeconds(86_400L * i),
                                                           events.get(i),
                                                           CaseEvents.metaData("clerk", "TOWN", "430181105", "r-" + i)));
        }

        TransferRow row = TransferRow.of(file, file.lastTransfer(), false);

        assertThat(row.note()).isEqualTo("随父母迁户，父亲电话 138-****-5678，母亲 139****5678，学生身份证 "
                                                 + ID_NUMBER.substring(0, 4) + "** ******** " + ID_NUMBER.substring(14));
    }
}
