package cn.kcbx.query.ledger;

import java.util.List;
import java.util.function.Function;

import static cn.kcbx.query.ledger.LedgerCsv.label;

/** The columns of the 劝返销号台账 export: one line per return to school, so each return shows how it ended. */
final class ReturnAccountCsv {

    static final String NAME = "劝返销号台账";

    /** One return (episode) of one student. */
    record Line(ReturnAccountRow student, ReturnAccountRow.Episode episode) {

        static List<Line> of(List<ReturnAccountRow> rows) {
            return rows.stream().flatMap(row -> row.returns().stream().map(episode -> new Line(row, episode))).toList();
        }
    }

    static final List<LedgerCsv.Column<Line>> COLUMNS = List.of(
            column("学生姓名", line -> line.student().studentName()),
            column("身份证号", line -> line.student().idNumber()),
            column("乡镇代码", line -> line.student().townCode()),
            column("乡镇名称", line -> line.student().townName()),
            column("村代码", line -> line.student().villageCode()),
            column("村名称", line -> line.student().villageName()),
            column("第几次返校", line -> line.episode().episode()),
            column("返校日期", line -> line.episode().returnedOn()),
            column("返校学校", line -> line.episode().schoolName()),
            column("学校标识码", line -> line.episode().schoolCode()),
            column("年级", line -> label(line.episode().grade())),
            column("班级", line -> line.episode().className()),
            column("安置方式", line -> label(line.episode().placement())),
            column("观察期届满日", line -> line.episode().watchPeriodEndsOn()),
            column("销号日期", line -> line.episode().crossedOffOn()),
            column("销号人", line -> line.episode().crossedOffBy()),
            column("销号单位", line -> line.episode().crossedOffByUnit()),
            column("复辍日期", line -> line.episode().relapsedOn()),
            column("案件当前状态", line -> label(line.student().status())),
            column("案件编号", line -> line.student().caseId()));

    private ReturnAccountCsv() {
    }

    private static LedgerCsv.Column<Line> column(String header, Function<Line, Object> value) {
        return new LedgerCsv.Column<>(header, value);
    }
}
