package cn.kcbx.query.transfer;

import cn.kcbx.kernel.jackson.MaskedIdentifiers;
import cn.kcbx.query.casefile.CaseFile;
import cn.kcbx.query.directory.UnitNames;
import cn.kcbx.query.measure.Coded;

import java.time.LocalDate;

/**
 * One hand-over of a case in the transfer list (移交台账): the student, from where to where, when and by which unit.
 * The case's current status is shown only on the receiving side, whose case it now is. The free-text note is shown
 * with ID and phone numbers masked, as free text in every list (scrubbed when read, so notes already projected are
 * covered without a rebuild). Village, town, county and unit names are those the unit directories give them on the day
 * of the transfer (null where no directory lists the code).
 */
public record TransferRow(String caseId, String studentName, Coded kind, LocalDate transferredOn,
                          Place from, Place to, School toSchool, String note, LocalDate recordedOn,
                          String transferredByUnit, String transferredByUnitName, Coded currentStatus) {

    public record Place(String villageCode, String villageName, String townCode, String townName, String countyCode,
                        String countyName) {

        static Place of(String village, String town, String county, UnitNames names, LocalDate on) {
            return new Place(village, names.name(village, on), town, names.name(town, on), county,
                             names.name(county, on));
        }
    }

    public record School(String name, String code) {
    }

    static TransferRow of(CaseFile file, CaseFile.Transfer transfer, boolean showStatus, UnitNames names) {
        LocalDate on = transfer.transferredOn();
        return new TransferRow(file.caseId(), file.studentName(), Coded.of(transfer.kind(), transfer.kind().label()),
                               on,
                               Place.of(transfer.fromVillageCode(), transfer.fromTownCode(), transfer.fromCountyCode(),
                                        names, on),
                               Place.of(transfer.toVillageCode(), transfer.toTownCode(), transfer.toCountyCode(),
                                        names, on),
                               transfer.toSchoolCode() == null ? null
                                       : new School(transfer.toSchoolName(), transfer.toSchoolCode()),
                               MaskedIdentifiers.scrubText(transfer.note()), transfer.recordedOn(), transfer.byUnit(),
                               names.name(transfer.byUnit(), on),
                               showStatus && file.status() != null
                                       ? Coded.of(file.status(), file.status().label()) : null);
    }
}
