package cn.kcbx.query.ledger;

import cn.kcbx.query.casefile.CaseFile;
import cn.kcbx.query.measure.Coded;

import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

import static cn.kcbx.query.ledger.LedgerCsv.label;

/** The columns of the 三帮一劝返工作台账 export: what the ledger shows on screen, one row per case. */
final class SanbangLedgerCsv {

    static final String NAME = "三帮一劝返工作台账";

    static final List<LedgerCsv.Column<SanbangLedgerRow>> COLUMNS = List.of(
            column("学生姓名", row -> row.student() == null ? null : row.student().name()),
            column("身份证号", row -> row.student() == null ? null : row.student().idNumber()),
            column("性别", row -> row.student() == null ? null : label(row.student().sex())),
            column("年龄", row -> row.student() == null ? null : row.student().age()),
            column("乡镇代码", SanbangLedgerRow::townCode),
            column("乡镇名称", SanbangLedgerRow::townName),
            column("村代码", SanbangLedgerRow::villageCode),
            column("村名称", SanbangLedgerRow::villageName),
            column("原就读学校", row -> row.lastSchool() == null ? null : row.lastSchool().name()),
            column("年级", row -> row.lastSchool() == null ? null : label(row.lastSchool().grade())),
            column("重点对象类别", row -> labels(row.priorityCategories())),
            column("主要辍学原因", row -> label(row.primaryReason())),
            column("其他原因", row -> labels(row.otherReasons())),
            column("帮扶教师", row -> helper(row, SanbangLedgerRow.Trio::teacher)),
            column("村干部", row -> helper(row, SanbangLedgerRow.Trio::villageCadre)),
            column("家长或监护人", row -> helper(row, SanbangLedgerRow.Trio::guardian)),
            column("走访次数", SanbangLedgerRow::visitCount),
            column("最近走访", SanbangLedgerRow::lastVisitOn),
            column("最近走访结果", row -> label(row.lastVisitOutcome())),
            column("下次计划走访", SanbangLedgerRow::nextVisitPlannedOn),
            column("法律程序", row -> label(row.legalStep())),
            column("状态", row -> label(row.status())),
            column("状态起始日", SanbangLedgerRow::statusSince),
            column("登记日期", SanbangLedgerRow::identifiedOn),
            column("登记天数", SanbangLedgerRow::daysSinceIdentification),
            column("逾期事项", row -> labels(row.overdue())),
            column("转入", row -> row.transferredIn() == null ? null
                    : label(row.transferredIn().kind()) + " " + row.transferredIn().transferredOn() + " 自 "
                            + place(row.transferredIn())),
            column("案件编号", SanbangLedgerRow::caseId));

    private SanbangLedgerCsv() {
    }

    private static LedgerCsv.Column<SanbangLedgerRow> column(String header, Function<SanbangLedgerRow, Object> value) {
        return new LedgerCsv.Column<>(header, value);
    }

    /** Where a transferred-in case came from: 白沙镇石桥村（430182101201）, or the code alone when not named. */
    private static String place(SanbangLedgerRow.TransferredIn in) {
        String village = in.fromVillageName();
        if (village == null) {
            return in.fromVillageCode();
        }
        return (in.fromTownName() == null ? "" : in.fromTownName()) + village + "（" + in.fromVillageCode() + "）";
    }

    private static String helper(SanbangLedgerRow row, Function<SanbangLedgerRow.Trio, CaseFile.HelperRow> member) {
        if (row.trio() == null) {
            return null;
        }
        CaseFile.HelperRow helper = member.apply(row.trio());
        if (helper == null) {
            return null;
        }
        StringBuilder text = new StringBuilder(helper.name() == null ? "" : helper.name());
        if (helper.unitOrRelation() != null) {
            text.append("（").append(helper.unitOrRelation()).append("）");
        }
        if (helper.phone() != null) {
            text.append(' ').append(helper.phone());
        }
        return text.toString();
    }

    private static String labels(List<Coded> coded) {
        return coded == null ? null : coded.stream().map(Coded::label).collect(Collectors.joining("、"));
    }
}
