package cn.kcbx.kernel.dropoutcase.transfer;

import cn.kcbx.kernel.dropoutcase.CaseEvent;
import cn.kcbx.kernel.region.DivisionCode;
import cn.kcbx.kernel.region.HouseholdLocation;

import java.time.LocalDate;
import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;

/**
 * The case was handed over (see {@link TransferCase}). It carries where it came from and where it went, so every
 * reader can tell the sending side from the receiving one without replaying the case.
 *
 * @param fromVillage     the household village before the transfer
 * @param toHousehold     the household location after it (the old one's village when only the school changed, with
 *                        no address)
 * @param fromSchoolCodes the schools that handled the case before it
 * @param toSchool        the new school, or null when the school did not change
 */
public record CaseTransferred(String caseId, TransferKind kind, LocalDate transferredOn, DivisionCode fromVillage,
                              HouseholdLocation toHousehold, Set<String> fromSchoolCodes, ReceivingSchool toSchool,
                              String note) implements CaseEvent {

    public CaseTransferred {
        // Sorted: the same event always serialises the same way.
        fromSchoolCodes = fromSchoolCodes == null ? Set.of()
                : Collections.unmodifiableSortedSet(new TreeSet<>(fromSchoolCodes));
    }

    /** True when the household village, and so possibly the town and county, changed. */
    public boolean householdMoved() {
        return !toHousehold.village().equals(fromVillage);
    }

    @Override
    public LocalDate occurredOn() {
        return transferredOn;
    }
}
