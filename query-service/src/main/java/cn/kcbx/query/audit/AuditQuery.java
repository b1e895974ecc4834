package cn.kcbx.query.audit;

import cn.kcbx.access.log.AccessAction;
import cn.kcbx.access.log.AccessEntry;
import cn.kcbx.access.log.AccessLog;
import cn.kcbx.directory.UnitDirectories;
import cn.kcbx.kernel.actor.Actor;
import cn.kcbx.kernel.dropoutcase.privacy.PersonalFields;
import cn.kcbx.kernel.region.DivisionCode;
import cn.kcbx.kernel.time.DateRules;
import cn.kcbx.privacy.AccessLogReasons;
import cn.kcbx.privacy.PersonalDataSeal;
import cn.kcbx.query.directory.UnitNames;
import cn.kcbx.query.projection.ProjectionRegistry;

import com.mongodb.client.model.Sorts;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gte;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Filters.or;
import static com.mongodb.client.model.Filters.regex;

/**
 * The audit list: the case events of {@code audit_trail} and the entries of the access log, merged newest first.
 * Both sources are read newest first up to the end of the page asked for and merged in memory, so a page costs two
 * indexed reads of at most {@code (page + 1) × size} documents each.
 */
@Component
class AuditQuery {

    /** What to list; null fields mean "any". {@code county} limits it to one county's cases and users. */
    record Criteria(String userId, String caseId, Instant from, Instant to, DivisionCode county,
                    Set<String> casesInCounty) {
    }

    record AuditPage(long total, int page, int size, List<AuditRow> rows) {
    }

    private final ProjectionRegistry registry;
    private final AccessLog accessLog;
    private final PersonalDataSeal seal;
    private final UnitDirectories directories;

    AuditQuery(ProjectionRegistry registry, AccessLog accessLog, PersonalDataSeal seal, UnitDirectories directories) {
        this.registry = registry;
        this.accessLog = accessLog;
        this.seal = seal;
        this.directories = directories;
    }

    AuditPage page(Criteria criteria, int page, int size) {
        int needed = (page + 1) * size;
        Bson trailFilter = trailFilter(criteria);
        Bson accessFilter = accessFilter(criteria);
        List<AuditRow> rows = new ArrayList<>();
        for (Document document : registry.activeCollection(AuditTrailProjection.NAME).find(trailFilter)
                                         .sort(Sorts.descending(AuditTrailProjection.RECORDED_AT, "_id"))
                                         .limit(needed)) {
            rows.add(row(document));
        }
        accessLog.findNewestFirst(accessFilter, needed).forEach(entry -> rows.add(row(entry, criteria)));
        rows.sort(Comparator.comparing(AuditRow::time).reversed());
        long total = registry.activeCollection(AuditTrailProjection.NAME).countDocuments(trailFilter)
                + accessLog.count(accessFilter);
        int from = Math.min(page * size, rows.size());
        int to = Math.min(from + size, rows.size());
        return new AuditPage(total, page, size, named(rows.subList(from, to), criteria));
    }

    /** The page's rows with their units' names (a county's own directory read first: its users' schools are in it). */
    private List<AuditRow> named(List<AuditRow> rows, Criteria criteria) {
        UnitNames names = UnitNames.current(directories, LocalDate.now(DateRules.CHINA_ZONE));
        if (criteria.county() != null) {
            names.directory(criteria.county().value());
        }
        return rows.stream()
                   .map(row -> row.withUnitName(names.name(row.unit(), LocalDate.ofInstant(row.time(),
                                                                                           DateRules.CHINA_ZONE))))
                   .toList();
    }

    private static Bson trailFilter(Criteria criteria) {
        List<Bson> filters = new ArrayList<>();
        if (criteria.userId() != null) {
            filters.add(eq(AuditTrailProjection.ACTOR_ID, criteria.userId()));
        }
        if (criteria.caseId() != null) {
            filters.add(eq(AuditTrailProjection.CASE_ID, criteria.caseId()));
        }
        if (criteria.from() != null) {
            filters.add(gte(AuditTrailProjection.RECORDED_AT, Date.from(criteria.from())));
        }
        if (criteria.to() != null) {
            filters.add(lt(AuditTrailProjection.RECORDED_AT, Date.from(criteria.to())));
        }
        if (criteria.county() != null) {
            // The case was in the county when the action was recorded, or is there now (moved in with its history).
            filters.add(or(eq(AuditTrailProjection.COUNTY, criteria.county().value()),
                           in(AuditTrailProjection.CASE_ID, criteria.casesInCounty())));
        }
        return filters.isEmpty() ? new Document() : and(filters);
    }

    private static Bson accessFilter(Criteria criteria) {
        List<Bson> filters = new ArrayList<>();
        if (criteria.userId() != null) {
            filters.add(eq("userId", criteria.userId()));
        }
        if (criteria.caseId() != null) {
            filters.add(eq("caseId", criteria.caseId()));
        }
        if (criteria.from() != null) {
            filters.add(gte("at", Date.from(criteria.from())));
        }
        if (criteria.to() != null) {
            filters.add(lt("at", Date.from(criteria.to())));
        }
        if (criteria.county() != null) {
            // Users of the county's own units (county, towns, villages), and anything done to one of its cases.
            Pattern unitsOfCounty = Pattern.compile("^" + criteria.county().value() + "(\\d{3}|\\d{6})?$");
            filters.add(or(regex("unit", unitsOfCounty), in("caseId", criteria.casesInCounty())));
        }
        return filters.isEmpty() ? new Document() : and(filters);
    }

    private static AuditRow row(Document document) {
        String role = document.getString("actorRole");
        String detail = "指令 " + document.getString("command") + "，请求 " + document.getString("requestId");
        return new AuditRow(document.getDate(AuditTrailProjection.RECORDED_AT).toInstant(),
                            document.getString(AuditTrailProjection.ACTOR_ID), role, roleLabel(role),
                            document.getString("actorUnit"), null, document.getString("label"),
                            document.getString("type"),
                            AuditRow.CASE_EVENT, document.getString(AuditTrailProjection.CASE_ID), detail,
                            document.getString("channel"), document.getString("origin"));
    }

    private AuditRow row(AccessEntry entry, Criteria criteria) {
        return new AuditRow(entry.at(), entry.userId(), entry.role(), roleLabel(entry.role()), entry.unit(), null,
                            entry.action().label(), entry.action().name(), AuditRow.ACCESS_LOG,
                            shownCaseId(entry, criteria), detail(entry), null, entry.origin());
    }

    /**
     * A refused duplicate registration is logged against the student's open case, which may be another county's: the
     * county holding that case sees which case was asked about, the refused user's own county sees the refusal only.
     */
    private static String shownCaseId(AccessEntry entry, Criteria criteria) {
        boolean elsewhere = criteria.county() != null && entry.caseId() != null
                && !criteria.casesInCounty().contains(entry.caseId());
        return entry.action() == AccessAction.DUPLICATE_OPEN_CASE_REFUSED && elsewhere ? null : entry.caseId();
    }

    /** A detail sealed with the student's key (the reason of a reveal) is opened; once erased it reads 已删除. */
    private String detail(AccessEntry entry) {
        if (!PersonalDataSeal.isSealed(entry.detail())) {
            return entry.detail();
        }
        return seal.openText(entry.detail(), AccessLogReasons.PURPOSE).orElse(PersonalFields.ERASED_LABEL);
    }

    private static String roleLabel(String role) {
        if (role == null) {
            return null;
        }
        for (Actor.Role value : Actor.Role.values()) {
            if (value.name().equals(role)) {
                return value.label();
            }
        }
        return role;
    }
}
