package cn.kcbx.query.report;

import cn.kcbx.query.web.NotFoundException;

/** The month's report was not filed (报送) yet: there is no "as filed" to show or compare. */
public class ReportNotFiledException extends NotFoundException {

    public ReportNotFiledException(String countyCode, String month) {
        super("REPORT_NOT_FILED", "month", month + " 月报尚未报送（县 " + countyCode + "），请先报送；当前数据请查看月报");
    }
}
