package cn.kcbx.query.config;

import cn.kcbx.query.measure.OverdueRules;
import cn.kcbx.query.projection.ProjectionSettings;
import cn.kcbx.query.projection.ProjectionSettings.OnStoreBehind;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;
import java.util.Map;

/**
 * Settings of the query service.
 *
 * @param eventFetchDelay how long the event stream waits before polling the store again once it has caught up: the
 *                        floor of the projection lag for events written by another process
 * @param segments        segments of the {@code case-projections} processor: the units in which several instances
 *                        share the projection work (at most as many instances process at once)
 * @param instanceName    this instance's name as the owner of segment claims (default: host, process and a random
 *                        suffix); must differ between instances running at once
 * @param claimTimeout    how long a segment claim lasts unless its owner extends it (default 10 s): a killed
 *                        instance's segments are taken over by the others after it
 * @param batchSize       events per processor batch
 * @param overdue         when the ledger flags a case as overdue, by default and per county
 * @param reports         monthly report settings
 * @param projections     what the read side does when it finds itself ahead of the store, and rebuild housekeeping
 *                        (handed to the projections as {@link ProjectionSettings})
 */
@ConfigurationProperties("kcbx.query")
public record QueryServiceProperties(Duration eventFetchDelay, Integer segments, Integer batchSize, String instanceName,
                                     Duration claimTimeout, Overdue overdue, Reports reports, Projections projections) {

    public QueryServiceProperties {
        eventFetchDelay = eventFetchDelay == null ? Duration.ofMillis(50) : eventFetchDelay;
        segments = segments == null ? 2 : segments;
        batchSize = batchSize == null ? 50 : batchSize;
        instanceName = instanceName == null || instanceName.isBlank() ? defaultInstanceName() : instanceName;
        claimTimeout = claimTimeout == null ? Duration.ofSeconds(10) : claimTimeout;
        overdue = overdue == null ? new Overdue(null, null, null) : overdue;
        reports = reports == null ? new Reports(null) : reports;
        projections = projections == null ? new Projections(null, null, null, null) : projections;
        if (eventFetchDelay.isNegative() || eventFetchDelay.isZero()) {
            throw new IllegalArgumentException("kcbx.query.event-fetch-delay must be positive, is " + eventFetchDelay);
        }
        if (claimTimeout.compareTo(Duration.ofMillis(500)) < 0) {
            throw new IllegalArgumentException("kcbx.query.claim-timeout must be at least 500ms, is " + claimTimeout);
        }
    }

    /** Host and process, as Axon names a claim's owner by default, and a random suffix: unique per running instance. */
    private static String defaultInstanceName() {
        return java.lang.management.ManagementFactory.getRuntimeMXBean().getName() + "/"
                + java.util.UUID.randomUUID().toString().substring(0, 8);
    }

    /** What the projection machinery needs of these settings. */
    public ProjectionSettings projectionSettings() {
        return new ProjectionSettings(eventFetchDelay, projections.onStoreBehind(), projections.storeCheckInterval(),
                                      projections.oldCollectionDropDelay(), instanceName, segments, claimTimeout,
                                      projections.rebuildLeaseTimeout());
    }

    /**
     * @param onStoreBehind             {@code rebuild} (default) or {@code wait}
     * @param storeCheckInterval        how often the read side is compared with the store (default 5 s); reads are
     *                                  checked as they happen too, this catches a store that lost its tail while
     *                                  nothing new is written
     * @param oldCollectionDropDelay    how long a projection's previous collection is kept after a rebuild switched
     *                                  away from it, for readers that looked up the pointer just before (default 60 s)
     * @param rebuildLeaseTimeout       how long a rebuild's lease lasts unless the rebuilding instance renews it
     *                                  (default 15 s): after it, the live processing a crashed rebuilder paused on
     *                                  every instance resumes, and another rebuild may start
     */
    public record Projections(OnStoreBehind onStoreBehind, Duration storeCheckInterval,
                              Duration oldCollectionDropDelay, Duration rebuildLeaseTimeout) {

        public Projections {
            onStoreBehind = onStoreBehind == null ? OnStoreBehind.REBUILD : onStoreBehind;
            storeCheckInterval = storeCheckInterval == null ? Duration.ofSeconds(5) : storeCheckInterval;
            oldCollectionDropDelay = oldCollectionDropDelay == null ? Duration.ofSeconds(60) : oldCollectionDropDelay;
            rebuildLeaseTimeout = rebuildLeaseTimeout == null ? Duration.ofSeconds(15) : rebuildLeaseTimeout;
            if (rebuildLeaseTimeout.compareTo(Duration.ofMillis(500)) < 0) {
                throw new IllegalArgumentException("kcbx.query.projections.rebuild-lease-timeout must be at least 500ms, is "
                                                           + rebuildLeaseTimeout);
            }
            if (storeCheckInterval.isNegative() || storeCheckInterval.isZero()) {
                throw new IllegalArgumentException("kcbx.query.projections.store-check-interval must be positive, is "
                                                           + storeCheckInterval);
            }
            if (oldCollectionDropDelay.isNegative()) {
                throw new IllegalArgumentException("kcbx.query.projections.old-collection-drop-delay must not be negative, is "
                                                           + oldCollectionDropDelay);
            }
        }
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
