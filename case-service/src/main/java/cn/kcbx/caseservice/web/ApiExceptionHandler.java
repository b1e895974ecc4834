package cn.kcbx.caseservice.web;

import cn.kcbx.caseservice.command.CaseNotFoundException;
import cn.kcbx.caseservice.command.ConflictException;
import cn.kcbx.caseservice.privacy.PersonalDataErasedException;
import cn.kcbx.kernel.DomainException;
import cn.kcbx.kernel.InvalidValueException;
import cn.kcbx.kernel.RuleViolationException;
import cn.kcbx.kernel.access.AccessDeniedException;
import cn.kcbx.web.ApiError;
import cn.kcbx.web.RequestErrors;
import cn.kcbx.web.UnauthenticatedException;

import jakarta.servlet.http.HttpServletRequest;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Turns every failure into {@link ApiError}: bad input is a 4xx with a stable code, the field and a Chinese message;
 * only a fault of the service itself is a 500, logged without request data (which may hold minors' personal data).
 */
@RestControllerAdvice
class ApiExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    @ExceptionHandler(Exception.class)
    ResponseEntity<ApiError> handle(Exception exception, HttpServletRequest request) {
        ApiError error = classify(exception);
        request.setAttribute(CommandMetrics.ERROR_ATTRIBUTE, error); // counted by its code, for a command
        if (error.status() >= 500) {
            log.error("Unexpected failure ({}): {}", exception.getClass().getName(), RequestErrors.safeMessage(exception),
                      exception);
        }
        // Always JSON, even when the client's Accept header asked for something else (the 406 case below).
        return ResponseEntity.status(error.status()).contentType(MediaType.APPLICATION_JSON).body(error);
    }

    private ApiError classify(Exception exception) {
        for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
            if (cause instanceof DomainException domain) {
                return fromDomain(domain, RequestErrors.jsonPathOf(exception));
            }
            if (cause instanceof AggregateNotFoundException) {
                return new ApiError(404, "CASE_NOT_FOUND", "caseId", "案件不存在，请核对案件编号", false);
            }
            if (cause instanceof ConcurrencyException) {
                return new ApiError(409, "CONCURRENT_MODIFICATION", null,
                                    "该案件刚被其他人修改，请刷新后重新提交（重复提交不会重复登记）", true);
            }
        }
        return RequestErrors.classify(exception).orElse(RequestErrors.INTERNAL_ERROR);
    }

    private static ApiError fromDomain(DomainException domain, String jsonPath) {
        String field = joinPath(jsonPath, domain.field());
        if (domain instanceof InvalidValueException) {
            return new ApiError(400, domain.code(), field, domain.getMessage(), false);
        }
        if (domain instanceof RuleViolationException) {
            return new ApiError(422, domain.code(), field, domain.getMessage(), false);
        }
        if (domain instanceof ConflictException conflict) {
            return new ApiError(409, domain.code(), field, domain.getMessage(), conflict.retryable());
        }
        if (domain instanceof CaseNotFoundException) {
            return new ApiError(404, domain.code(), field, domain.getMessage(), false);
        }
        if (domain instanceof PersonalDataErasedException) {
            return new ApiError(410, domain.code(), field, domain.getMessage(), false);
        }
        if (domain instanceof UnauthenticatedException) {
            return new ApiError(401, domain.code(), field, domain.getMessage(), false);
        }
        if (domain instanceof AccessDeniedException) {
            return new ApiError(403, domain.code(), field, domain.getMessage(), false);
        }
        return new ApiError(400, domain.code(), field, domain.getMessage(), false);
    }

    private static String joinPath(String jsonPath, String field) {
        if (jsonPath == null) {
            return field;
        }
        if (field == null || jsonPath.endsWith(field)) {
            return jsonPath;
        }
        return jsonPath + "." + field;
    }
}
