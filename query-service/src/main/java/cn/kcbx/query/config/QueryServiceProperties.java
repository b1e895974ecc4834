package cn.kcbx.query.config;

import cn.kcbx.query.measure.OverdueRules;
import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;
import java.util.Map;

/**
 * Settings of the query service.
 *
 * @param eventFetchDelay how long the event stream waits before polling the store again once it has caught up: the
 *                        floor of the projection lag for events written by another process
 * @param segments        segments of the {@code case-projections} processor
 * @param batchSize       events per processor batch
 * @param overdue         when the ledger flags a case as overdue, by default and per county
 * @param reports         monthly report settings
 */
@ConfigurationProperties("kcbx.query")
public record QueryServiceProperties(Duration eventFetchDelay, Integer segments, Integer batchSize, Overdue overdue,
                                     Reports reports) {

    public QueryServiceProperties {
        eventFetchDelay = eventFetchDelay == null ? Duration.ofMillis(100) : eventFetchDelay;
        segments = segments == null ? 2 : segments;
        batchSize = batchSize == null ? 50 : batchSize;
        overdue = overdue == null ? new Overdue(null, null, null) : overdue;
        reports = reports == null ? new Reports(null) : reports;
    }

    /**
     * @param trioDays  days a confirmed dropout may wait for its 三帮一 helpers (default 7)
     * @param visitDays days a case under persuasion may go without a visit (default 30)
     * @param counties  per county code, thresholds that differ from the defaults
     */
    public record Overdue(Integer trioDays, Integer visitDays, Map<String, CountyOverdue> counties) {

        public Overdue {
            trioDays = trioDays == null ? 7 : trioDays;
            visitDays = visitDays == null ? 30 : visitDays;
            counties = counties == null ? Map.of() : Map.copyOf(counties);
            new OverdueRules(trioDays, visitDays);
        }

        public OverdueRules rulesFor(String countyCode) {
            CountyOverdue county = countyCode == null ? null : counties.get(countyCode);
            if (county == null) {
                return new OverdueRules(trioDays, visitDays);
            }
            return new OverdueRules(county.trioDays() == null ? trioDays : county.trioDays(),
                                    county.visitDays() == null ? visitDays : county.visitDays());
        }
    }

    public record CountyOverdue(Integer trioDays, Integer visitDays) {
    }

    /**
     * @param monthlyCutoffDay the day of the month a monthly report is taken at, end of that day (1–28; default 28,
     *                         the usual 每月 28 日 deadline); 0 means the last day of the month
     */
    public record Reports(Integer monthlyCutoffDay) {

        public Reports {
            monthlyCutoffDay = monthlyCutoffDay == null ? 28 : monthlyCutoffDay;
            if (monthlyCutoffDay < 0 || monthlyCutoffDay > 28) {
                throw new IllegalArgumentException("kcbx.query.reports.monthly-cutoff-day must be 0 (month end) or 1–28, is "
                                                           + monthlyCutoffDay);
            }
        }
    }
}
