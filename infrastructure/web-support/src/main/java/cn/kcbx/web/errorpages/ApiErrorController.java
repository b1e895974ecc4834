package cn.kcbx.web.errorpages;

import cn.kcbx.web.ApiError;
import cn.kcbx.web.RequestErrors;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The error page of both services, in place of Spring Boot's: what the servlet container forwards here (a filter
 * that failed or answered with a bare status) is answered in the {@link ApiError} shape. Called directly, without an
 * error to report, {@code /error} is just an address that does not exist: 404, not the 500 Spring Boot's page gives.
 */
@Hidden // not an endpoint of the API: the OpenAPI document leaves it out, as it does Spring Boot's error page
@RestController
public class ApiErrorController implements ErrorController {

    private static final Logger log = LoggerFactory.getLogger(ApiErrorController.class);

    @RequestMapping(path = "${server.error.path:${error.path:/error}}")
    ResponseEntity<ApiError> error(HttpServletRequest request) {
        ApiError error = errorOf(request);
        return ResponseEntity.status(error.status()).contentType(MediaType.APPLICATION_JSON).body(error);
    }

    private static ApiError errorOf(HttpServletRequest request) {
        Object status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        if (!(status instanceof Integer code) || code < 400) {
            return RequestErrors.forStatus(404); // no error forwarded: a request for /error itself
        }
        Object exception = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        if (exception instanceof Throwable failure) {
            ApiError classified = RequestErrors.classify(failure).orElse(null);
            if (classified != null) {
                return classified;
            }
            if (code >= 500) {
                log.error("Unexpected failure before the controller ({}): {}", failure.getClass().getName(),
                          RequestErrors.safeMessage(failure), failure);
            }
        }
        return RequestErrors.forStatus(code);
    }
}
