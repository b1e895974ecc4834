package cn.kcbx.access.security;

import cn.kcbx.access.AccessProblem;
import cn.kcbx.web.ApiError;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * {@link AccessProblem}s carry their status (401, 404, 409, 429 ...) and, when waiting helps, a Retry-After; every
 * other failure is the service's.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
public class AccessExceptionHandler {

    @ExceptionHandler(AccessProblem.class)
    ResponseEntity<ApiError> handle(AccessProblem problem) {
        ResponseEntity.BodyBuilder answer = ResponseEntity.status(problem.status())
                                                          .contentType(MediaType.APPLICATION_JSON);
        if (problem.retryable()) {
            answer.header(HttpHeaders.RETRY_AFTER, Long.toString(problem.retryAfterSeconds()));
        }
        return answer.body(new ApiError(problem.status(), problem.code(), problem.field(), problem.getMessage(),
                                        problem.retryable()));
    }

    /**
     * The firewall checks header values when they are first read, which for {@code X-Request-Id} is inside the
     * controller: the same 400 as a request it refuses up front ({@link RejectedRequests}).
     */
    @ExceptionHandler(RequestRejectedException.class)
    ResponseEntity<ApiError> handle(RequestRejectedException rejected) {
        ApiError error = RejectedRequests.error();
        return ResponseEntity.status(error.status()).contentType(MediaType.APPLICATION_JSON).body(error);
    }
}
