package cn.kcbx.caseservice.web;

import cn.kcbx.web.ApiError;

import cn.kcbx.caseservice.command.CaseNotFoundException;
import cn.kcbx.caseservice.privacy.PersonalDataErasedException;
import cn.kcbx.caseservice.command.ConflictException;
import cn.kcbx.web.UnauthenticatedException;
import cn.kcbx.kernel.access.AccessDeniedException;
import cn.kcbx.kernel.DomainException;
import cn.kcbx.kernel.InvalidValueException;
import cn.kcbx.kernel.RuleViolationException;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Turns every failure into {@link ApiError}: bad input is a 4xx with a stable code, the field and a Chinese message;
 * only a fault of the service itself is a 500, logged without request data (which may hold minors' personal data).
 */
@RestControllerAdvice
class ApiExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    @ExceptionHandler(Exception.class)
    ResponseEntity<ApiError> handle(Exception exception) {
        ApiError error = classify(exception);
        if (error.status() >= 500) {
            log.error("Unexpected failure ({}): {}", exception.getClass().getName(), safeMessage(exception),
                      exception);
        }
        // Always JSON, even when the client's Accept header asked for something else (the 406 case below).
        return ResponseEntity.status(error.status()).contentType(MediaType.APPLICATION_JSON).body(error);
    }

    private ApiError classify(Exception exception) {
        for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
            if (cause instanceof DomainException domain) {
                return fromDomain(domain, jsonPathOf(exception));
            }
            if (cause instanceof AggregateNotFoundException) {
                return new ApiError(404, "CASE_NOT_FOUND", "caseId", "案件不存在，请核对案件编号", false);
            }
            if (cause instanceof ConcurrencyException) {
                return new ApiError(409, "CONCURRENT_MODIFICATION", null,
                                    "该案件刚被其他人修改，请刷新后重新提交（重复提交不会重复登记）", true);
            }
            if (cause instanceof JsonParseException) {
                return new ApiError(400, "MALFORMED_JSON", null, "请求内容不是有效的 JSON，请检查格式", false);
            }
            if (cause instanceof InvalidFormatException invalidFormat) {
                return invalidFormat(invalidFormat);
            }
            if (cause instanceof MismatchedInputException mismatched) {
                String field = path(mismatched);
                return new ApiError(400, "INVALID_FORMAT", field,
                                    field == null ? "请求内容应为 JSON 对象，请按接口文档填写"
                                            : "字段 " + field + " 的类型不正确，请按接口文档填写", false);
            }
        }
        // Any other failure of the input to map onto the command (a number out of range for its field, a date out
        // of range ...). A bug inside a constructor (NullPointerException ...) stays a 500.
        JsonMappingException mapping = firstOf(exception, JsonMappingException.class);
        if (mapping != null && isInputProblem(rootCause(exception))) {
            String field = path(mapping);
            return new ApiError(400, "INVALID_FORMAT", field,
                                field == null ? "请求内容的格式不正确，请按接口文档填写"
                                        : "字段 " + field + " 的值不正确或超出范围，请按接口文档填写", false);
        }
        if (exception instanceof org.springframework.http.converter.HttpMessageNotReadableException) {
            return new ApiError(400, "BODY_REQUIRED", null, "请求内容为空或无法读取，请提交 JSON 格式的内容", false);
        }
        if (exception instanceof HttpRequestMethodNotSupportedException) {
            return new ApiError(405, "METHOD_NOT_ALLOWED", null, "该地址不支持此请求方式", false);
        }
        if (exception instanceof HttpMediaTypeNotAcceptableException) {
            return new ApiError(406, "NOT_ACCEPTABLE", null, "本接口只返回 JSON，请使用 Accept: application/json", false);
        }
        if (exception instanceof HttpMediaTypeNotSupportedException) {
            return new ApiError(415, "UNSUPPORTED_MEDIA_TYPE", null,
                                "请求内容类型不支持，请使用 Content-Type: application/json", false);
        }
        if (exception instanceof NoResourceFoundException) {
            return new ApiError(404, "NOT_FOUND", null, "请求的地址不存在", false);
        }
        return new ApiError(500, "INTERNAL_ERROR", null, "系统内部错误，请稍后重试；如反复出现请联系系统管理员", true);
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

    private static ApiError invalidFormat(InvalidFormatException exception) {
        String field = path(exception);
        Class<?> target = exception.getTargetType();
        String expected;
        if (target != null && target.isEnum()) {
            expected = "可选值为 " + Arrays.stream(target.getEnumConstants()).map(ApiExceptionHandler::enumChoice)
                                          .collect(Collectors.joining("、"));
        } else if (target == LocalDate.class) {
            expected = "应为日期，格式如 2026-03-01";
        } else {
            expected = "请按接口文档填写";
        }
        return new ApiError(400, "INVALID_FORMAT", field,
                            "字段 " + (field == null ? "" : field + " ") + "的值不正确：" + expected, false);
    }

    /** {@code HOME_VISIT（入户走访）} when the enum has a Chinese label, else its name. */
    private static String enumChoice(Object constant) {
        String name = ((Enum<?>) constant).name();
        try {
            Object label = constant.getClass().getMethod("label").invoke(constant);
            return name + "（" + label + "）";
        } catch (ReflectiveOperationException e) {
            return name;
        }
    }

    private static boolean isInputProblem(Throwable root) {
        return root instanceof JsonProcessingException || root instanceof DateTimeException
                || root instanceof NumberFormatException || root instanceof ArithmeticException;
    }

    private static Throwable rootCause(Throwable exception) {
        Throwable root = exception;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }

    private static <T extends Throwable> T firstOf(Throwable exception, Class<T> type) {
        for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return type.cast(cause);
            }
        }
        return null;
    }

    /** Where in the JSON body the failing value sat, e.g. {@code student.idNumber} or {@code evidence[0].kind}. */
    private static String jsonPathOf(Throwable exception) {
        for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
            if (cause instanceof JsonMappingException mapping) {
                return path(mapping);
            }
        }
        return null;
    }

    private static String path(JsonMappingException exception) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : exception.getPath()) {
            if (reference.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? null : path.toString();
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

    /** Exception messages can quote input (names, ID numbers): log only the first line, cut short. */
    private static String safeMessage(Throwable exception) {
        String message = String.valueOf(exception.getMessage());
        int newline = message.indexOf('\n');
        String firstLine = newline < 0 ? message : message.substring(0, newline);
        return firstLine.length() > 120 ? firstLine.substring(0, 120) + "…" : firstLine;
    }
}
