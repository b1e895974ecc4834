package cn.kcbx.query;

import cn.kcbx.access.testing.SignedInActors;
import cn.kcbx.kernel.actor.Actor;

import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpHeaders;

/**
 * The read-side tests' users, signed in for real ({@link SignedInActors}): one actor per role in the test county
 * 430181, with a unit that fits the role, or any {@link Actor} a test names.
 */
public final class TestUsers {

    public static final String COUNTY = "430181";
    public static final String TOWN = "430181105";

    private final SignedInActors signedIn;

    public TestUsers(ApplicationContext context, int port) {
        this.signedIn = new SignedInActors(context, port);
    }

    /** The test actor of a role: VILLAGE, SCHOOL, TOWN, COUNTY or ADMIN. */
    public static Actor actor(String role) {
        return TestActors.byRole(role);
    }

    /** Headers signed in as the role's test actor; no role (null) sends no Authorization. */
    public HttpHeaders headers(String role) {
        return role == null ? new HttpHeaders() : headers(actor(role));
    }

    public HttpHeaders headers(Actor actor) {
        return actor == null ? new HttpHeaders() : signedIn.headers(actor);
    }

    /** The value of the Authorization header for the actor. */
    public String authorization(Actor actor) {
        return signedIn.authorization(actor);
    }
}
