package cn.kcbx.access.signin;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * {@code kcbx.signin.failures}: refused sign-ins by reason, the refusal's stable code. Never by user name or address:
 * a metric is no place for who tried (the access log has that, for those allowed to read it). A code outside the known
 * list counts as {@code OTHER}, so that no free text can ever become a tag value.
 */
public final class SignInFailures {

    public static final String NAME = "kcbx.signin.failures";

    /** The refusals {@link SignInService#signIn} answers with. */
    static final List<String> REASONS = List.of("BAD_CREDENTIALS", "ACCOUNT_DISABLED", "SIGN_IN_THROTTLED",
                                                "SIGN_IN_BUSY", "CREDENTIALS_REQUIRED", "USERNAME_TOO_LONG",
                                                "PASSWORD_TOO_LONG", "OTHER");

    private final Map<String, Counter> counters;

    SignInFailures(MeterRegistry registry) {
        // Registered at zero, so that a rate over the first failure after a start is seen.
        this.counters = registry == null ? Map.of()
                : REASONS.stream().collect(Collectors.toUnmodifiableMap(Function.identity(), reason -> Counter
                        .builder(NAME).description("Refused sign-ins, by reason").tag("reason", reason)
                        .register(registry)));
    }

    void refused(String code) {
        Counter counter = counters.containsKey(code) ? counters.get(code) : counters.get("OTHER");
        if (counter != null) {
            counter.increment();
        }
    }
}
