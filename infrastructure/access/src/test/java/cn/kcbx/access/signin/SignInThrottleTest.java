package cn.kcbx.access.signin;

import cn.kcbx.access.AccessProblem;
import cn.kcbx.access.SecurityProperties;
import cn.kcbx.access.support.TestStores;
import cn.kcbx.kernel.actor.Actor;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.password.PasswordEncoder;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The throttle that replaced the lockout, replayed with named client addresses on the service (the HTTP tests all
 * come from 127.0.0.1): findings 4, 5 and 10 of the security review.
 */
class SignInThrottleTest {

    private static final String OWNER_ADDRESS = "10.20.1.7";
    private static final String ATTACKER_ADDRESS = "203.0.113.66";
    private static final String PASSWORD = "River2026stone";

    private final ExecutorService pool = Executors.newCachedThreadPool();

    @AfterEach
    void stopPool() {
        pool.shutdownNow();
    }

    /** Counts the slow hash checks and can hold them until released. */
    static final class CheckingEncoder implements PasswordEncoder {
        final PasswordEncoder delegate = TestStores.encoder();
        final AtomicInteger checks = new AtomicInteger();
        final AtomicInteger running = new AtomicInteger();
        final AtomicInteger mostAtOnce = new AtomicInteger();
        volatile CountDownLatch hold = new CountDownLatch(0);

        @Override
        public String encode(CharSequence rawPassword) {
            return delegate.encode(rawPassword);
        }

        @Override
        public boolean matches(CharSequence rawPassword, String encodedPassword) {
            checks.incrementAndGet();
            mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
            try {
                hold.await(30, TimeUnit.SECONDS);
                return delegate.matches(rawPassword, encodedPassword);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } finally {
                running.decrementAndGet();
            }
        }
    }

    private static SecurityProperties throttle(Integer freeAttemptsPerAddress, Integer concurrentPerAddress,
                                               Integer concurrentHashChecks) {
        return new SecurityProperties(null, null, null, null,
                                      new SecurityProperties.Throttle(null, freeAttemptsPerAddress, null, null, null,
                                                                      concurrentPerAddress, concurrentHashChecks,
                                                                      null), null, null);
    }

    private static Actor county(TestStores stores, PasswordEncoder encoder) {
        Actor county = new Actor("county.kcb", Actor.Role.COUNTY, "430181");
        stores.accountService(encoder).provision(county, "县控辍办", PASSWORD, encoder, "test");
        return county;
    }

    @Test
    void five_wrong_passwords_from_an_attacker_do_not_lock_the_owner_out() {
        TestStores stores = new TestStores("throttle_owner");
        CheckingEncoder encoder = new CheckingEncoder();
        Actor county = county(stores, encoder);
        SignInService signIn = stores.signInService(encoder);

        for (int attempt = 1; attempt <= 5; attempt++) {
            int guess = attempt;
            assertThat(catchThrowableOfType(AccessProblem.class,
                    () -> signIn.signIn(county.userId(), "Guess2026no" + guess, ATTACKER_ADDRESS)).code())
                    .isEqualTo("BAD_CREDENTIALS");
        }
        AccessProblem slowed = catchThrowableOfType(AccessProblem.class,
                () -> signIn.signIn(county.userId(), PASSWORD, ATTACKER_ADDRESS));
        assertThat(slowed.status()).isEqualTo(429);
        assertThat(slowed.retryAfterSeconds()).isEqualTo(30);

        // The owner, at the county office, signs in at once: nothing is locked.
        assertThat(signIn.signIn(county.userId(), PASSWORD, OWNER_ADDRESS).user().actor()).isEqualTo(county);
        // And the owner's success does not free the attacker.
        assertThat(catchThrowableOfType(AccessProblem.class,
                () -> signIn.signIn(county.userId(), PASSWORD, ATTACKER_ADDRESS)).status()).isEqualTo(429);
    }

    @Test
    void sixty_concurrent_guesses_from_one_address_get_no_more_checks_than_the_allowance_and_the_right_one_waits() throws Exception {
        // No concurrency limit in the way: what is counted here is the throttle's count taken before the check.
        TestStores stores = new TestStores("throttle_concurrent", throttle(null, 100, 100));
        CheckingEncoder encoder = new CheckingEncoder();
        Actor county = county(stores, encoder);
        SignInService signIn = stores.signInService(encoder);
        encoder.checks.set(0);

        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<String>> outcomes = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            String password = "Guess2026no" + i;
            outcomes.add(CompletableFuture.supplyAsync(() -> {
                try {
                    start.await();
                    signIn.signIn(county.userId(), password, ATTACKER_ADDRESS);
                    return "SIGNED_IN";
                } catch (AccessProblem problem) {
                    return problem.code();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }, pool));
        }
        start.countDown();
        List<String> codes = outcomes.stream().map(CompletableFuture::join).toList();

        assertThat(encoder.checks.get()).as("hash checks of 60 concurrent guesses: %s", codes).isLessThanOrEqualTo(5);
        assertThat(codes.stream().filter(code -> !code.equals("SIGN_IN_THROTTLED")).count()).isLessThanOrEqualTo(5);
        // The right password after them waits like any other attempt from there.
        assertThat(catchThrowableOfType(AccessProblem.class,
                () -> signIn.signIn(county.userId(), PASSWORD, ATTACKER_ADDRESS)).code())
                .isEqualTo("SIGN_IN_THROTTLED");
    }

    @Test
    void wrong_passwords_over_many_names_slow_the_address_down_not_the_other_addresses() {
        TestStores stores = new TestStores("throttle_address", throttle(10, null, null));
        CheckingEncoder encoder = new CheckingEncoder();
        Actor county = county(stores, encoder);
        SignInService signIn = stores.signInService(encoder);

        for (int name = 1; name <= 10; name++) {
            int n = name;
            assertThat(catchThrowableOfType(AccessProblem.class,
                    () -> signIn.signIn("sprayed-" + n, "Spring2026abc", ATTACKER_ADDRESS)).code())
                    .isEqualTo("BAD_CREDENTIALS");
        }
        encoder.checks.set(0);
        AccessProblem eleventh = catchThrowableOfType(AccessProblem.class,
                () -> signIn.signIn("sprayed-11", "Spring2026abc", ATTACKER_ADDRESS));
        assertThat(eleventh.code()).isEqualTo("SIGN_IN_THROTTLED");
        assertThat(encoder.checks.get()).as("no hash check for a refused attempt").isZero();
        // No counter was even made for the refused name: an address cannot fill the store with names.
        assertThat(stores.throttle.all()).extracting(counter -> counter.getString("_id"))
                                         .noneMatch(id -> id.endsWith("sprayed-11"));

        assertThat(signIn.signIn(county.userId(), PASSWORD, OWNER_ADDRESS).user().actor()).isEqualTo(county);
        // Right passwords from the attacker's address do not count towards its allowance, but do not lift it either.
        assertThat(catchThrowableOfType(AccessProblem.class,
                () -> signIn.signIn(county.userId(), PASSWORD, ATTACKER_ADDRESS)).code())
                .isEqualTo("SIGN_IN_THROTTLED");
        stores.clock.advance(Duration.ofSeconds(30));
        assertThat(signIn.signIn(county.userId(), PASSWORD, ATTACKER_ADDRESS).user().actor()).isEqualTo(county);
    }

    @Test
    void right_passwords_from_a_shared_office_address_never_use_up_its_allowance() {
        TestStores stores = new TestStores("throttle_office", throttle(3, null, null));
        CheckingEncoder encoder = new CheckingEncoder();
        Actor county = county(stores, encoder);
        SignInService signIn = stores.signInService(encoder);

        for (int i = 0; i < 20; i++) {
            assertThat(signIn.signIn(county.userId(), PASSWORD, OWNER_ADDRESS).user().actor()).isEqualTo(county);
        }
    }

    @Test
    void a_client_in_one_ipv6_64_counts_as_one_address() {
        TestStores stores = new TestStores("throttle_ipv6", throttle(3, null, null));
        CheckingEncoder encoder = new CheckingEncoder();
        SignInService signIn = stores.signInService(encoder);

        for (int host = 1; host <= 3; host++) {
            int h = host;
            catchThrowableOfType(AccessProblem.class,
                    () -> signIn.signIn("sprayed-" + h, "Spring2026abc", "2001:db8:5:7::" + Integer.toHexString(h)));
        }
        assertThat(catchThrowableOfType(AccessProblem.class,
                () -> signIn.signIn("sprayed-4", "Spring2026abc", "2001:db8:5:7:ffff::1")).code())
                .isEqualTo("SIGN_IN_THROTTLED");
        assertThat(catchThrowableOfType(AccessProblem.class,
                () -> signIn.signIn("sprayed-4", "Spring2026abc", "2001:db8:5:8::1")).code())
                .isEqualTo("BAD_CREDENTIALS");
    }

    @Test
    void the_fifth_concurrent_sign_in_from_one_address_is_refused_with_429_before_any_hashing() throws Exception {
        TestStores stores = new TestStores("throttle_gate", throttle(null, 4, 8));
        CheckingEncoder encoder = new CheckingEncoder();
        Actor county = county(stores, encoder);
        SignInService signIn = stores.signInService(encoder);
        encoder.checks.set(0);
        encoder.hold = new CountDownLatch(1);

        List<CompletableFuture<Object>> held = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            held.add(CompletableFuture.supplyAsync(() -> signIn.signIn(county.userId(), PASSWORD, ATTACKER_ADDRESS),
                                                   pool));
        }
        waitFor(() -> encoder.running.get() == 4);

        AccessProblem fifth = catchThrowableOfType(AccessProblem.class,
                () -> signIn.signIn(county.userId(), PASSWORD, ATTACKER_ADDRESS));
        assertThat(fifth.status()).isEqualTo(429);
        assertThat(fifth.code()).isEqualTo("SIGN_IN_THROTTLED");
        assertThat(fifth.retryAfterSeconds()).isPositive();
        assertThat(fifth.getMessage()).containsPattern("\\p{IsHan}");
        assertThat(encoder.checks.get()).isEqualTo(4);

        // Another address is not held up by this one.
        CompletableFuture<Object> owner = CompletableFuture.supplyAsync(
                () -> signIn.signIn(county.userId(), PASSWORD, OWNER_ADDRESS), pool);
        waitFor(() -> encoder.running.get() == 5);
        encoder.hold.countDown();
        assertThat(owner.get(30, TimeUnit.SECONDS)).isNotNull();
        for (CompletableFuture<Object> sign : held) {
            sign.handle((ok, failure) -> ok != null ? ok : failure).get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void the_service_runs_no_more_hash_checks_at_once_than_allowed_and_answers_503_when_none_frees_up()
            throws Exception {
        SecurityProperties properties = new SecurityProperties(null, null, null, null,
                new SecurityProperties.Throttle(1, null, null, null, null, 100, 2, Duration.ofMillis(200)),
                null, null);
        TestStores stores = new TestStores("throttle_hash_slots", properties);
        CheckingEncoder encoder = new CheckingEncoder();
        Actor county = county(stores, encoder);
        SignInService signIn = stores.signInService(encoder);
        encoder.hold = new CountDownLatch(1);

        List<CompletableFuture<Object>> held = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            String address = "10.0.0." + (i + 1);
            held.add(CompletableFuture.supplyAsync(() -> signIn.signIn(county.userId(), PASSWORD, address), pool));
        }
        waitFor(() -> encoder.running.get() == 2);

        AccessProblem busy = catchThrowableOfType(AccessProblem.class,
                () -> signIn.signIn(county.userId(), PASSWORD, "10.0.0.3"));
        assertThat(busy.status()).isEqualTo(503);
        assertThat(busy.code()).isEqualTo("SIGN_IN_BUSY");
        assertThat(busy.retryable()).isTrue();
        assertThat(encoder.mostAtOnce.get()).isEqualTo(2);

        encoder.hold.countDown();
        held.forEach(CompletableFuture::join);
        // Its count was given back (one attempt is all this address may fail): it may sign in at once.
        assertThat(signIn.signIn(county.userId(), PASSWORD, "10.0.0.3").user().actor()).isEqualTo(county);
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met in 30 s");
            }
            Thread.sleep(10);
        }
    }
}
