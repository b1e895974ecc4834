package cn.kcbx.access.signin;

import cn.kcbx.access.AccessProblem;
import cn.kcbx.access.support.TestStores;
import cn.kcbx.kernel.actor.Actor;

import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.password.PasswordEncoder;

import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class SignInServiceTest {

    /** Counts the slow hash checks, the part of a sign-in that takes time. */
    static final class CountingEncoder implements PasswordEncoder {
        final PasswordEncoder delegate = TestStores.encoder();
        final AtomicInteger matches = new AtomicInteger();

        @Override
        public String encode(CharSequence rawPassword) {
            return delegate.encode(rawPassword);
        }

        @Override
        public boolean matches(CharSequence rawPassword, String encodedPassword) {
            matches.incrementAndGet();
            return delegate.matches(rawPassword, encodedPassword);
        }
    }

    @Test
    void an_unknown_user_costs_the_same_hash_check_as_a_wrong_password_and_gets_the_same_answer() {
        TestStores stores = new TestStores("signin_unit");
        CountingEncoder encoder = new CountingEncoder();
        stores.accountService(encoder).provision(new Actor("zhao.lei", Actor.Role.TOWN, "430181105"), "赵磊",
                                                 "River2026stone", encoder, "test");
        SignInService signIn = stores.signInService(encoder);

        encoder.matches.set(0);
        AccessProblem wrong = catchThrowableOfType(AccessProblem.class,
                                                   () -> signIn.signIn("zhao.lei", "Wrong2026stone", "test"));
        int wrongChecks = encoder.matches.getAndSet(0);
        AccessProblem unknown = catchThrowableOfType(AccessProblem.class,
                                                     () -> signIn.signIn("zhao.lie", "Wrong2026stone", "test"));
        int unknownChecks = encoder.matches.get();

        assertThat(wrongChecks).isEqualTo(1);
        assertThat(unknownChecks).isEqualTo(1);
        assertThat(unknown.code()).isEqualTo(wrong.code()).isEqualTo("BAD_CREDENTIALS");
        assertThat(unknown.status()).isEqualTo(wrong.status()).isEqualTo(401);
        assertThat(unknown.getMessage()).isEqualTo(wrong.getMessage());
    }
}
