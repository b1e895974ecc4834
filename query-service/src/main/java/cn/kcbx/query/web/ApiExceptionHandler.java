package cn.kcbx.query.web;

import cn.kcbx.kernel.DomainException;
import cn.kcbx.kernel.InvalidValueException;
import cn.kcbx.kernel.RuleViolationException;
import cn.kcbx.kernel.access.AccessDeniedException;
import cn.kcbx.query.casefile.CaseNotFoundException;
import cn.kcbx.query.projection.FullRebuildRequiredException;
import cn.kcbx.query.projection.RebuildInProgressException;
import cn.kcbx.query.projection.UnknownProjectionException;
import cn.kcbx.web.ApiError;
import cn.kcbx.web.RequestErrors;
import cn.kcbx.web.UnauthenticatedException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.async.AsyncRequestNotUsableException;

/**
 * Turns every failure into {@link ApiError}, as the case service does: a 4xx with a stable code and a Chinese
 * message for bad requests; a 500 only for a fault of the service, logged without request data.
 */
@RestControllerAdvice
class ApiExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    /** A client that left an event stream: there is nobody to answer. */
    @ExceptionHandler(AsyncRequestNotUsableException.class)
    void clientGone(AsyncRequestNotUsableException exception) {
        log.debug("Client disconnected: {}", exception.getMessage());
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ApiError> handle(Exception exception) {
        ApiError error = classify(exception);
        if (error.status() >= 500) {
            log.error("Unexpected failure ({}): {}", exception.getClass().getName(), RequestErrors.safeMessage(exception),
                      exception);
        }
        return ResponseEntity.status(error.status()).contentType(MediaType.APPLICATION_JSON).body(error);
    }

    private static ApiError classify(Exception exception) {
        for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
            if (cause instanceof DomainException domain) {
                String field = domain.field() != null ? domain.field() : RequestErrors.jsonPathOf(exception);
                return new ApiError(status(domain), domain.code(), field, domain.getMessage(),
                                    domain instanceof RebuildInProgressException);
            }
        }
        return RequestErrors.classify(exception).orElse(RequestErrors.INTERNAL_ERROR);
    }

    private static int status(DomainException domain) {
        if (domain instanceof InvalidValueException) {
            return 400;
        }
        if (domain instanceof UnauthenticatedException) {
            return 401;
        }
        if (domain instanceof AccessDeniedException) {
            return 403;
        }
        if (domain instanceof CaseNotFoundException || domain instanceof UnknownProjectionException
                || domain instanceof NotFoundException) {
            return 404;
        }
        if (domain instanceof RebuildInProgressException || domain instanceof FullRebuildRequiredException) {
            return 409;
        }
        if (domain instanceof RuleViolationException) {
            return 422;
        }
        return 400;
    }
}
