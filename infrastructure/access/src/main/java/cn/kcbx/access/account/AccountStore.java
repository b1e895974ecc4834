package cn.kcbx.access.account;

import cn.kcbx.kernel.actor.Actor;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.bson.conversions.Bson;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;

/**
 * The {@code accounts} collection, one document per user name ({@code _id}). Wrong passwords are not counted here but
 * where they come from ({@code SignInThrottle}), so that nobody can lock an owner out of the account.
 */
public class AccountStore {

    private final MongoCollection<Document> accounts;

    public AccountStore(MongoCollection<Document> accounts) {
        this.accounts = accounts;
    }

    /** Inserts a new account; false when the user name is taken. */
    public boolean insert(Account account) {
        try {
            accounts.insertOne(toDocument(account));
            return true;
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                return false;
            }
            throw e;
        }
    }

    public Optional<Account> find(String username) {
        return Optional.ofNullable(accounts.find(Filters.eq("_id", username)).first()).map(AccountStore::fromDocument);
    }

    public List<Account> list() {
        List<Account> result = new ArrayList<>();
        accounts.find().sort(Sorts.ascending("_id")).forEach(document -> result.add(fromDocument(document)));
        return result;
    }

    public boolean isEmpty() {
        return accounts.countDocuments() == 0;
    }

    public boolean anyWithRole(Actor.Role role) {
        return accounts.find(Filters.eq("role", role.name())).first() != null;
    }

    public Optional<Account> setEnabled(String username, boolean enabled) {
        return update(username, Updates.set("enabled", enabled));
    }

    public Optional<Account> setPassword(String username, String passwordHash, boolean mustChange) {
        return update(username, Updates.combine(Updates.set("passwordHash", passwordHash),
                                                Updates.set("mustChangePassword", mustChange)));
    }

    public Optional<Account> setProfile(String username, String displayName, Actor.Role role, String unit,
                                        String county) {
        return update(username, Updates.combine(Updates.set("displayName", displayName),
                                                Updates.set("role", role.name()), Updates.set("unit", unit),
                                                Updates.set("county", county)));
    }

    /**
     * Gives a school account that has none the county it was registered in (accounts older than the county binding);
     * false when it has one already, so that two services starting together assign it once.
     */
    public boolean assignMissingCounty(String username, String county) {
        return accounts.updateOne(Filters.and(Filters.eq("_id", username), Filters.eq("role", Actor.Role.SCHOOL.name()),
                                              Filters.eq("county", null)),
                                  Updates.set("county", county)).getModifiedCount() == 1;
    }

    private Optional<Account> update(String username, Bson update) {
        return Optional.ofNullable(accounts.findOneAndUpdate(Filters.eq("_id", username), update,
                                                             new FindOneAndUpdateOptions()
                                                                     .returnDocument(ReturnDocument.AFTER)))
                       .map(AccountStore::fromDocument);
    }

    private static Document toDocument(Account account) {
        return new Document("_id", account.username())
                .append("displayName", account.displayName())
                .append("role", account.role().name())
                .append("unit", account.unit())
                .append("county", account.county())
                .append("enabled", account.enabled())
                .append("passwordHash", account.passwordHash())
                .append("mustChangePassword", account.mustChangePassword())
                .append("createdAt", Date.from(account.createdAt()))
                .append("createdBy", account.createdBy())
                .append("demo", account.demo());
    }

    private static Account fromDocument(Document document) {
        Actor.Role role = Actor.Role.valueOf(document.getString("role"));
        String unit = document.getString("unit");
        // The unit is the authority wherever it names a county; only a school's county is stored alone.
        String county = RoleUnits.countyOf(role, unit).orElse(document.getString("county"));
        return new Account(document.getString("_id"), document.getString("displayName"), role, unit, county,
                           document.getBoolean("enabled", false), document.getString("passwordHash"),
                           document.getBoolean("mustChangePassword", false), document.getDate("createdAt").toInstant(),
                           document.getString("createdBy"), document.getBoolean("demo", false));
    }
}
