package cn.kcbx.caseservice.casefile;

import cn.kcbx.kernel.RuleViolationException;
import cn.kcbx.kernel.dropoutcase.legal.LegalStep;

import java.time.LocalDate;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The legal measures taken against the guardian (docs/domain.md §5): 批评教育, then 责令限期改正 (one or more orders, each
 * served), then — only once a served order's deadline has passed — 司法介入 or a lawsuit. Part of the case's state;
 * the {@code require...} methods are its rules, the other methods only record what happened.
 */
final class LegalLadder {

    /** A correction order issued on the case; {@code servedOn} is null until it is served. */
    record CorrectionOrder(String number, LocalDate issuedOn, LocalDate deadline, LocalDate servedOn) {
    }

    private LegalStep step = LegalStep.NONE;
    private LocalDate firstCriticisedOn;
    private Map<String, CorrectionOrder> orders = new LinkedHashMap<>();
    /** The filing date of the lawsuit that has not ended yet, or null. */
    private LocalDate pendingLawsuitFiledOn;

    LegalStep step() {
        return step;
    }

    void requireOrderCanBeIssued(String orderNumber, LocalDate issuedOn) {
        if (firstCriticisedOn == null) {
            throw new RuleViolationException("CRITICISM_NOT_RECORDED",
                    "尚未对监护人进行批评教育，不能责令限期改正；请先登记批评教育");
        }
        if (issuedOn.isBefore(firstCriticisedOn)) {
            throw new RuleViolationException("ORDER_BEFORE_CRITICISM", "issuedOn",
                    "发文日期（" + issuedOn + "）不能早于批评教育日期（" + firstCriticisedOn + "）");
        }
        if (orders.containsKey(orderNumber)) {
            throw new RuleViolationException("ORDER_ALREADY_ISSUED", "orderNumber",
                    "文书编号“" + orderNumber + "”已登记过，请核对编号");
        }
    }

    void requireServable(String documentReference, LocalDate servedOn) {
        CorrectionOrder order = orders.get(documentReference);
        if (order == null) {
            throw new RuleViolationException("ORDER_NOT_ISSUED", "documentReference",
                    "本案没有编号为“" + documentReference + "”的责令限期改正通知书，请先登记发文或核对编号");
        }
        if (order.servedOn() != null) {
            throw new RuleViolationException("DOCUMENT_ALREADY_SERVED", "documentReference",
                    "文书“" + documentReference + "”已于 " + order.servedOn() + " 送达，不能重复登记");
        }
        if (servedOn.isBefore(order.issuedOn())) {
            throw new RuleViolationException("SERVED_BEFORE_ISSUE", "servedOn",
                    "送达日期（" + servedOn + "）不能早于发文日期（" + order.issuedOn() + "）");
        }
    }

    /** 逾期不改: there must be a served order whose deadline passed before {@code on}. */
    void requireOverdueServedOrder(LocalDate on, String field, String action) {
        if (orders.isEmpty()) {
            throw new RuleViolationException("ORDER_NOT_ISSUED",
                    "尚未责令监护人限期改正，不能" + action + "；请先依次登记批评教育和责令限期改正");
        }
        List<CorrectionOrder> served = orders.values().stream().filter(o -> o.servedOn() != null).toList();
        if (served.isEmpty()) {
            throw new RuleViolationException("ORDER_NOT_SERVED",
                    "责令限期改正通知书尚未送达监护人，不能" + action + "；请先登记文书送达");
        }
        if (served.stream().noneMatch(o -> o.deadline().isBefore(on))) {
            CorrectionOrder first = served.stream().min(Comparator.comparing(CorrectionOrder::deadline)).orElseThrow();
            throw new RuleViolationException("DEADLINE_NOT_PASSED", field,
                    "责令限期改正通知书（" + first.number() + "）的改正期限至 " + first.deadline()
                            + "，期限届满后监护人仍未改正，才能" + action);
        }
    }

    void requireNoPendingLawsuit() {
        if (pendingLawsuitFiledOn != null) {
            throw new RuleViolationException("LAWSUIT_PENDING",
                    "已于 " + pendingLawsuitFiledOn + " 起诉且尚未结案，请先登记诉讼结果");
        }
    }

    void requirePendingLawsuit(LocalDate decidedOn) {
        if (pendingLawsuitFiledOn == null) {
            throw new RuleViolationException("LAWSUIT_NOT_FILED", "尚未登记起诉，不能登记诉讼结果");
        }
        if (decidedOn.isBefore(pendingLawsuitFiledOn)) {
            throw new RuleViolationException("DECIDED_BEFORE_FILING", "decidedOn",
                    "诉讼结果日期（" + decidedOn + "）不能早于起诉日期（" + pendingLawsuitFiledOn + "）");
        }
    }

    void criticised(LocalDate on) {
        if (firstCriticisedOn == null || on.isBefore(firstCriticisedOn)) {
            firstCriticisedOn = on;
        }
        reach(LegalStep.CRITICISED);
    }

    void orderIssued(String number, LocalDate issuedOn, LocalDate deadline) {
        orders.put(number, new CorrectionOrder(number, issuedOn, deadline, null));
        reach(LegalStep.ORDER_ISSUED);
    }

    void served(String number, LocalDate servedOn) {
        orders.computeIfPresent(number,
                (key, order) -> new CorrectionOrder(key, order.issuedOn(), order.deadline(), servedOn));
        reach(LegalStep.DOCUMENTS_SERVED);
    }

    void intervened() {
        reach(LegalStep.JUDICIAL_INTERVENTION);
    }

    void sued(LocalDate filedOn) {
        pendingLawsuitFiledOn = filedOn;
        reach(LegalStep.SUED);
    }

    void concluded() {
        pendingLawsuitFiledOn = null;
        reach(LegalStep.CONCLUDED);
    }

    private void reach(LegalStep reached) {
        step = step.atLeast(reached);
    }
}
