package cn.kcbx.query.transfer;

import cn.kcbx.kernel.jackson.MaskedIdentifiers;
import cn.kcbx.query.casefile.CaseFile;
import cn.kcbx.query.measure.Coded;

import java.time.LocalDate;

/**
 * One hand-over of a case in the transfer list (移交台账): the student, from where to where, when and by which unit.
 * The case's current status is shown only on the receiving side, whose case it now is. The free-text note is shown
 * with ID and phone numbers masked, as free text in every list (scrubbed when read, so notes already projected are
 * covered without a rebuild).
 */
public record TransferRow(String caseId, String studentName, Coded kind, LocalDate transferredOn,
                          Place from, Place to, School toSchool, String note, LocalDate recordedOn,
                          String transferredByUnit, Coded currentStatus) {

    public record Place(String villageCode, String townCode, String countyCode) {
    }

    public record School(String name, String code) {
    }

    static TransferRow of(CaseFile file, CaseFile.Transfer transfer, boolean showStatus) {
        return new TransferRow(file.caseId(), file.studentName(), Coded.of(transfer.kind(), transfer.kind().label()),
                               transfer.transferredOn(),
                               new Place(transfer.fromVillageCode(), transfer.fromTownCode(), transfer.fromCountyCode()),
                               new Place(transfer.toVillageCode(), transfer.toTownCode(), transfer.toCountyCode()),
                               transfer.toSchoolCode() == null ? null
                                       : new School(transfer.toSchoolName(), transfer.toSchoolCode()),
                               MaskedIdentifiers.scrubText(transfer.note()), transfer.recordedOn(), transfer.byUnit(),
                               showStatus && file.status() != null
                                       ? Coded.of(file.status(), file.status().label()) : null);
    }
}
