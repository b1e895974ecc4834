package cn.kcbx.caseservice.web;

import cn.kcbx.web.ApiError;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * {@code kcbx.commands}: every case command sent over the API, by command type, outcome ({@code accepted},
 * {@code rejected} for a 4xx, {@code failed} for a 5xx) and the answer's stable error code ({@code NONE} when
 * accepted). The tags hold these three only, never a case, student, user or unit: the counts must say how the service
 * is doing without saying about whom.
 */
final class CommandMetrics implements HandlerInterceptor {

    static final String NAME = "kcbx.commands";
    /** Where {@link ApiExceptionHandler} leaves the error it answered with, for the count. */
    static final String ERROR_ATTRIBUTE = CommandMetrics.class.getName() + ".error";

    /** Error codes are constants like {@code DUPLICATE_OPEN_CASE}; anything else is counted as OTHER. */
    private static final Pattern CODE = Pattern.compile("[A-Z][A-Z0-9_]{0,63}");

    private final MeterRegistry registry;
    private final Map<Method, String> commandTypes = new ConcurrentHashMap<>();

    CommandMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void afterCompletion(HttpServletRequest request, HttpServletResponse response, Object handler,
                                Exception exception) {
        if (!(handler instanceof HandlerMethod method) || method.getBeanType() != CaseCommandController.class) {
            return;
        }
        String command = commandTypes.computeIfAbsent(method.getMethod(), m -> commandType(method));
        int status = response.getStatus();
        String outcome;
        String code;
        if (exception == null && status < 400) {
            outcome = "accepted";
            code = "NONE";
        } else {
            outcome = status >= 500 || exception != null ? "failed" : "rejected";
            code = codeOf(request.getAttribute(ERROR_ATTRIBUTE), status);
        }
        Counter.builder(NAME).description("Case commands sent over the API, by type, outcome and error code")
               .tag("command", command).tag("outcome", outcome).tag("code", code)
               .register(registry).increment();
    }

    /** The command class the endpoint's body becomes, as its OpenAPI schema names it (e.g. IdentifyCase). */
    private static String commandType(HandlerMethod method) {
        for (MethodParameter parameter : method.getMethodParameters()) {
            Schema schema = parameter.getParameterAnnotation(Schema.class);
            if (parameter.hasParameterAnnotation(RequestBody.class) && schema != null
                    && schema.implementation() != Void.class) {
                return schema.implementation().getSimpleName();
            }
        }
        return method.getMethod().getName();
    }

    private static String codeOf(Object error, int status) {
        if (error instanceof ApiError apiError && apiError.code() != null) {
            return CODE.matcher(apiError.code()).matches() ? apiError.code() : "OTHER";
        }
        return "HTTP_" + status;
    }
}
