package cn.kcbx.access.signin;

import cn.kcbx.access.SecurityProperties;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Bounds what sign-ins cost this service, before any hashing: one client address may have only
 * {@code concurrent-per-address} sign-ins in progress (more are refused at once), and the whole service runs only
 * {@code concurrent-hash-checks} password hash checks at a time (a fair queue), so that a flood of sign-ins never
 * takes the processors from everyone else's requests.
 */
public class SignInGate {

    /** Too many sign-ins of this address in progress. */
    public static final class Busy extends RuntimeException {
        private final boolean wholeService;

        Busy(boolean wholeService) {
            super(null, null, false, false);
            this.wholeService = wholeService;
        }

        /** True when the service's hash checks were all taken for too long, false when the address had too many. */
        public boolean wholeService() {
            return wholeService;
        }
    }

    private final int perAddress;
    private final long hashCheckWaitNanos;
    private final Semaphore hashChecks;
    private final ConcurrentHashMap<String, AtomicInteger> inProgress = new ConcurrentHashMap<>();

    public SignInGate(SecurityProperties.Throttle settings) {
        this.perAddress = settings.concurrentPerAddress();
        this.hashCheckWaitNanos = settings.hashCheckWait().toNanos();
        this.hashChecks = new Semaphore(settings.concurrentHashChecks(), true);
    }

    /** A sign-in of the address in progress; close it when done. */
    public interface Pass extends AutoCloseable {
        @Override
        void close();
    }

    /** Lets a sign-in of the address start, or refuses it when the address has too many in progress. */
    public Pass enter(String address) throws Busy {
        boolean[] admitted = new boolean[1];
        inProgress.compute(address, (key, current) -> { // atomic per address
            AtomicInteger counter = current == null ? new AtomicInteger() : current;
            if (counter.get() < perAddress) {
                counter.incrementAndGet();
                admitted[0] = true;
            }
            return counter.get() == 0 ? null : counter;
        });
        if (!admitted[0]) {
            throw new Busy(false);
        }
        return () -> leave(address);
    }

    /** Runs a password hash check in one of the service's slots, waiting up to {@code hash-check-wait} for one. */
    public <T> T hashCheck(Supplier<T> check) throws Busy {
        boolean acquired;
        try {
            acquired = hashChecks.tryAcquire(hashCheckWaitNanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Busy(true);
        }
        if (!acquired) {
            throw new Busy(true);
        }
        try {
            return check.get();
        } finally {
            hashChecks.release();
        }
    }

    private void leave(String address) {
        inProgress.computeIfPresent(address, (key, counter) -> counter.decrementAndGet() <= 0 ? null : counter);
    }

    /** Sign-ins of the address in progress (tests). */
    int inProgress(String address) {
        AtomicInteger count = inProgress.get(address);
        return count == null ? 0 : count.get();
    }
}
