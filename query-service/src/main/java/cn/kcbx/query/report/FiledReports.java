package cn.kcbx.query.report;

import cn.kcbx.kernel.RuleViolationException;
import cn.kcbx.query.projection.ReadSideWrites;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import org.bson.Document;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;

import static com.mongodb.client.model.Filters.eq;

/**
 * {@code filed_monthly_reports}: the reports counties filed, one per county and month. Not a projection: a filed
 * report is what was sent upward on that day, so it lives in the durable database, outside every rebuild, and is
 * only ever inserted. The first filing of a month wins; a second is refused, also when two race (unique key).
 */
@Component
public class FiledReports {

    static final String COLLECTION = "filed_monthly_reports";

    private final MongoCollection<Document> collection;

    FiledReports(ReadSideWrites writes) {
        this.collection = writes.durable().getCollection(COLLECTION);
    }

    public Optional<FiledReport> find(String countyCode, String month) {
        Document document = collection.find(eq("_id", key(countyCode, month))).first();
        return Optional.ofNullable(document).map(FiledReports::report);
    }

    /**
     * Stores {@code json} as the filed report of the month.
     *
     * @throws RuleViolationException {@code REPORT_ALREADY_FILED}
     */
    public FiledReport file(String countyCode, String month, String json, String filedBy, String filedByUnit,
                            Instant filedAt) {
        FiledReport report = new FiledReport(countyCode, month, filedAt, filedBy, filedByUnit, sha256(json), json);
        try {
            collection.insertOne(new Document("_id", key(countyCode, month))
                                         .append("countyCode", countyCode)
                                         .append("month", month)
                                         .append("filedAt", java.util.Date.from(filedAt))
                                         .append("filedBy", filedBy)
                                         .append("filedByUnit", filedByUnit)
                                         .append("sha256", report.sha256())
                                         .append("json", json));
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
            FiledReport first = find(countyCode, month).orElseThrow(() -> e);
            throw new RuleViolationException("REPORT_ALREADY_FILED", "month",
                    month + " 月报已于 " + first.filedAt() + " 由 " + first.filedBy() + " 报送，不能重复报送；"
                            + "之后补录、更正的记录请在“更正情况”中查看");
        }
        return report;
    }

    static String sha256(String json) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                                                         .digest(json.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static FiledReport report(Document document) {
        return new FiledReport(document.getString("countyCode"), document.getString("month"),
                               document.getDate("filedAt").toInstant(), document.getString("filedBy"),
                               document.getString("filedByUnit"), document.getString("sha256"),
                               document.getString("json"));
    }

    private static String key(String countyCode, String month) {
        return countyCode + ":" + month;
    }
}
