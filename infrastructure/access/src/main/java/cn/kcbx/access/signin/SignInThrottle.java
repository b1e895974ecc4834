package cn.kcbx.access.signin;

import cn.kcbx.access.SecurityProperties;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Updates;
import org.bson.Document;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Wrong passwords slow down where they come from ({@code sign_in_throttle}, shared by both services): per user name
 * from one client address, and per client address over all names. A counter allows {@code free} attempts, then each
 * further one waits a back-off that doubles up to a maximum; it is forgotten after a while without failures.
 *
 * <p>An attempt is counted <em>before</em> its password is checked, by one compare-and-set on the counter, so that
 * concurrent attempts cannot all pass a check that none has counted yet; a right password then gives its count back.
 * The user name is taken as typed, known or not, so that a name that exists is slowed exactly like one that does not.
 */
public class SignInThrottle {

    private static final int MAX_REMEMBERED_WAITS = 10_000;

    private final MongoCollection<Document> counters;
    private final SecurityProperties.Throttle settings;
    /** Addresses found waiting out a back-off, and until when. */
    private final ConcurrentHashMap<String, Instant> addressWaits = new ConcurrentHashMap<>();

    public SignInThrottle(MongoCollection<Document> counters, SecurityProperties.Throttle settings) {
        this.counters = counters;
        this.settings = settings;
        counters.createIndex(Indexes.ascending("username"));
        // A real MongoDB deletes counters a day after their last failure; they are forgotten before that anyway.
        counters.createIndex(Indexes.ascending("lastFailureAt"), new IndexOptions().expireAfter(1L, TimeUnit.DAYS));
    }

    /**
     * An attempt that was counted as the {@code failures}-th; when it used up the allowance, the next attempt waits
     * until {@code blockedUntil}. Give it back ({@link #nameSucceeded}, {@link #giveBack}) when the password was right.
     */
    public record Claim(String key, long version, int failures, Instant blockedUntil, int previousFailures,
                        Date previousBlockedUntil, Date previousLastFailureAt) {

        public boolean startsBackOff() {
            return blockedUntil != null;
        }
    }

    /** The attempt was not counted: the source waits until {@code until}. */
    public static final class Refused extends RuntimeException {
        private final Instant until;

        Refused(Instant until) {
            super(null, null, false, false);
            this.until = until;
        }

        public Instant until() {
            return until;
        }
    }

    /**
     * Refuses at once, from memory, an address this service already found slowed down: a flood from it then costs no
     * store round trip. Only address waits are remembered, since nothing shortens them (an administrator's unlock
     * lifts a user name's).
     */
    public void refuseKnownWait(String address, Instant now) throws Refused {
        Instant until = addressWaits.get(address);
        if (until != null) {
            if (until.isAfter(now)) {
                throw new Refused(until);
            }
            addressWaits.remove(address, until);
        }
    }

    /** Refuses, without counting anything, a user name from an address that is waiting out its back-off. */
    public void refuseWaitingName(String username, String address, Instant now) throws Refused {
        Document counter = counters.find(Filters.eq("_id", nameKey(username, address))).first();
        if (counter != null && counter.getDate("blockedUntil") != null
                && counter.getDate("blockedUntil").toInstant().isAfter(now)) {
            throw new Refused(counter.getDate("blockedUntil").toInstant());
        }
    }

    /** Counts an attempt from the address on any name. */
    public Claim claimForAddress(String address, Instant now) throws Refused {
        try {
            return claim("address|" + address, null, settings.freeAttemptsPerAddress(), now);
        } catch (Refused refused) {
            if (addressWaits.size() >= MAX_REMEMBERED_WAITS) {
                addressWaits.values().removeIf(until -> !until.isAfter(now));
            }
            if (addressWaits.size() < MAX_REMEMBERED_WAITS) {
                addressWaits.put(address, refused.until());
            }
            throw refused;
        }
    }

    /** Counts an attempt on the user name from the address. */
    public Claim claimForName(String username, String address, Instant now) throws Refused {
        return claim(nameKey(username, address), username, settings.freeAttempts(), now);
    }

    private static String nameKey(String username, String address) {
        return "name|" + address + "|" + username;
    }

    /** The password was right: the name's counter from this address starts again. */
    public void nameSucceeded(Claim claim) {
        counters.deleteOne(Filters.eq("_id", claim.key()));
    }

    /**
     * Deletes counters that are forgotten anyway (no failure for {@code forget-after}, no back-off running): a real
     * MongoDB also expires them by index, the embedded store only this way.
     */
    public long purgeForgotten(Instant now) {
        return counters.deleteMany(Filters.and(
                Filters.lt("lastFailureAt", Date.from(now.minus(settings.forgetAfter()))),
                Filters.or(Filters.eq("blockedUntil", null), Filters.lt("blockedUntil", Date.from(now)))))
                       .getDeletedCount();
    }

    /**
     * The attempt was not a wrong password after all (it was right, or refused for the name): the address gets it
     * back. Exactly as before when nothing else counted meanwhile, else one failure less.
     */
    public void giveBack(Claim claim) {
        long restored = counters.updateOne(
                Filters.and(Filters.eq("_id", claim.key()), Filters.eq("version", claim.version())),
                Updates.combine(Updates.set("failures", claim.previousFailures()),
                                Updates.set("blockedUntil", claim.previousBlockedUntil()),
                                Updates.set("lastFailureAt", claim.previousLastFailureAt()),
                                Updates.inc("version", 1L))).getModifiedCount();
        if (restored == 0) {
            counters.updateOne(Filters.and(Filters.eq("_id", claim.key()), Filters.gt("failures", 0)),
                               Updates.combine(Updates.inc("failures", -1), Updates.inc("version", 1L)));
        }
    }

    /** Forgets every counter of the user name (an administrator lifted the back-off); how many there were. */
    public long clear(String username) {
        return counters.deleteMany(Filters.eq("username", username)).getDeletedCount();
    }

    /** When the user name's latest back-off from any address ends, if one is running. */
    public Optional<Instant> slowedUntil(String username, Instant now) {
        Instant latest = null;
        for (Document counter : counters.find(Filters.and(Filters.eq("username", username),
                                                          Filters.gt("blockedUntil", Date.from(now))))) {
            Instant until = counter.getDate("blockedUntil").toInstant();
            latest = latest == null || until.isAfter(latest) ? until : latest;
        }
        return Optional.ofNullable(latest);
    }

    private Claim claim(String key, String username, int free, Instant now) {
        while (true) {
            Document counter = counters.find(Filters.eq("_id", key)).first();
            if (counter == null) {
                insertEmpty(key, username);
                continue;
            }
            Date blockedUntil = counter.getDate("blockedUntil");
            Date lastFailureAt = counter.getDate("lastFailureAt");
            if (blockedUntil != null && blockedUntil.toInstant().isAfter(now)) {
                throw new Refused(blockedUntil.toInstant());
            }
            int failures = counter.getInteger("failures", 0);
            if (lastFailureAt != null && !lastFailureAt.toInstant().plus(settings.forgetAfter()).isAfter(now)) {
                failures = 0; // quiet long enough: forgotten
            }
            int counted = failures + 1;
            // The attempt that uses up the allowance already sets the wait for the next one.
            Date nextBlock = counted >= free ? Date.from(now.plus(backOff(counted - free))) : null;
            long version = counter.get("version") instanceof Number number ? number.longValue() : 0L;
            long updated = counters.updateOne(
                    Filters.and(Filters.eq("_id", key), Filters.eq("version", version)),
                    Updates.combine(Updates.set("failures", counted), Updates.set("blockedUntil", nextBlock),
                                    Updates.set("lastFailureAt", Date.from(now)),
                                    Updates.set("version", version + 1))).getModifiedCount();
            if (updated == 1) {
                return new Claim(key, version + 1, counted, nextBlock == null ? null : nextBlock.toInstant(),
                                 counter.getInteger("failures", 0), blockedUntil, lastFailureAt);
            }
            // Another attempt counted first: count again on top of it.
        }
    }

    private Duration backOff(int beyondFree) {
        Duration wait = settings.firstBackOff();
        for (int i = 0; i < beyondFree && wait.compareTo(settings.maxBackOff()) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(settings.maxBackOff()) > 0 ? settings.maxBackOff() : wait;
    }

    private void insertEmpty(String key, String username) {
        try {
            counters.insertOne(new Document("_id", key).append("username", username).append("failures", 0)
                                                       .append("blockedUntil", null).append("lastFailureAt", null)
                                                       .append("version", 0L));
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
        }
    }

    /** All counters (tests). */
    List<Document> all() {
        return counters.find().into(new ArrayList<>());
    }
}
