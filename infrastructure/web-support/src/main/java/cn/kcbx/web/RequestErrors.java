package cn.kcbx.web;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.support.MissingServletRequestPartException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The errors of a request that the service could not even read, the same in both services: a body that is not JSON,
 * a JSON value of the wrong type or shape (naming the field), a wrong content type, method, parameter, Accept header
 * or path.
 * Each is a 4xx {@link ApiError} with a stable code and a Chinese message.
 */
public final class RequestErrors {

    /** A fault of the service itself, not of the request: the one answer that is a 500. */
    public static final ApiError INTERNAL_ERROR =
            new ApiError(500, "INTERNAL_ERROR", null, "系统内部错误，请稍后重试；如反复出现请联系系统管理员", true);

    /**
     * A request refused for its characters before any controller saw it: by Tomcat (unencoded {@code [ ] | { }} or
     * spaces in the address) or by the security firewall (a header with non-ASCII characters).
     */
    public static final ApiError REQUEST_REJECTED =
            new ApiError(400, "REQUEST_REJECTED", null,
                         "请求被拒绝：网址或请求头中含有不允许的字符。网址中的 [ ] | { } 空格等特殊字符请先做 URL 编码"
                                 + "（例如 [ 写作 %5B）；请求编号 X-Request-Id 只能使用字母、数字和 - _ . :", false);

    private RequestErrors() {
    }

    /**
     * The answer for a bare HTTP status, when nothing more is known about the failure (an error the web server or a
     * filter reported by status only). A 5xx is the service's fault.
     */
    public static ApiError forStatus(int status) {
        return switch (status) {
            case 400 -> new ApiError(400, "BAD_REQUEST", null, "请求格式不正确，服务器无法处理，请按接口文档填写", false);
            case 401 -> new ApiError(401, "UNAUTHENTICATED", null,
                                     "未登录：请先登录（POST /api/auth/sign-in），再在请求头带上 Authorization: Bearer <令牌>", false);
            case 403 -> new ApiError(403, "FORBIDDEN", null, "您的账号无权执行此操作", false);
            case 404 -> new ApiError(404, "NOT_FOUND", null, "请求的地址不存在", false);
            case 405 -> new ApiError(405, "METHOD_NOT_ALLOWED", null, "该地址不支持此请求方式", false);
            case 406 -> new ApiError(406, "NOT_ACCEPTABLE", null, "本接口只返回 JSON，请使用 Accept: application/json", false);
            case 408 -> new ApiError(408, "REQUEST_TIMEOUT", null, "请求发送超时，请重试", true);
            case 413 -> new ApiError(413, "PAYLOAD_TOO_LARGE", null, "请求内容过大，请精简后重试", false);
            case 414 -> new ApiError(414, "URI_TOO_LONG", null, "网址过长，请减少查询参数后重试", false);
            case 415 -> new ApiError(415, "UNSUPPORTED_MEDIA_TYPE", null,
                                     "请求内容类型不支持，请使用 Content-Type: application/json", false);
            case 431 -> new ApiError(431, "HEADERS_TOO_LARGE", null, "请求头过大，请检查后重试", false);
            case 503 -> new ApiError(503, "SERVICE_UNAVAILABLE", null, "服务暂时不可用，请稍后重试", true);
            default -> status >= 500 ? new ApiError(status, INTERNAL_ERROR.code(), null, INTERNAL_ERROR.message(), true)
                    : new ApiError(status, "BAD_REQUEST", null, "请求无法处理，请按接口文档填写", false);
        };
    }

    /** The 4xx for a request that could not be read, or empty when the failure is something else. */
    public static Optional<ApiError> classify(Throwable exception) {
        for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
            if (cause instanceof JsonParseException) {
                return error(400, "MALFORMED_JSON", null, "请求内容不是有效的 JSON，请检查格式");
            }
            if (cause instanceof InvalidFormatException invalidFormat) {
                return Optional.of(invalidFormat(invalidFormat));
            }
            if (cause instanceof MismatchedInputException mismatched) {
                String field = path(mismatched);
                return error(400, "INVALID_FORMAT", field, field == null ? "请求内容应为 JSON 对象，请按接口文档填写"
                        : "字段 " + field + " 的类型不正确，请按接口文档填写");
            }
        }
        // Any other failure of the input to map onto its type (a number out of range for its field, a date out of
        // range ...). A bug inside a constructor (NullPointerException ...) is not the client's fault.
        JsonMappingException mapping = firstOf(exception, JsonMappingException.class);
        if (mapping != null && isInputProblem(rootCause(exception))) {
            String field = path(mapping);
            return error(400, "INVALID_FORMAT", field, field == null ? "请求内容的格式不正确，请按接口文档填写"
                    : "字段 " + field + " 的值不正确或超出范围，请按接口文档填写");
        }
        if (exception instanceof HttpMessageNotReadableException) {
            return error(400, "BODY_REQUIRED", null, "请求内容为空或无法读取，请提交 JSON 格式的内容");
        }
        if (exception instanceof MethodArgumentTypeMismatchException mismatch) {
            return error(400, "INVALID_PARAMETER", mismatch.getName(),
                         "参数 " + mismatch.getName() + " 的值“" + mismatch.getValue() + "”格式不正确");
        }
        if (exception instanceof MissingServletRequestParameterException missing) {
            return error(400, "PARAMETER_REQUIRED", missing.getParameterName(),
                         "缺少参数 " + missing.getParameterName());
        }
        if (exception instanceof MissingServletRequestPartException missingPart) {
            return error(400, "FILE_REQUIRED", missingPart.getRequestPartName(),
                         "请选择要上传的文件（表单字段 " + missingPart.getRequestPartName() + "）");
        }
        if (exception instanceof MaxUploadSizeExceededException) {
            return error(413, "FILE_TOO_LARGE", null, "上传的文件过大，请精简后重试");
        }
        if (exception instanceof HttpRequestMethodNotSupportedException) {
            return error(405, "METHOD_NOT_ALLOWED", null, "该地址不支持此请求方式");
        }
        if (exception instanceof HttpMediaTypeNotAcceptableException) {
            return error(406, "NOT_ACCEPTABLE", null, "本接口只返回 JSON，请使用 Accept: application/json");
        }
        if (exception instanceof HttpMediaTypeNotSupportedException) {
            return error(415, "UNSUPPORTED_MEDIA_TYPE", null, "请求内容类型不支持，请使用 Content-Type: application/json");
        }
        if (exception instanceof NoResourceFoundException) {
            return error(404, "NOT_FOUND", null, "请求的地址不存在");
        }
        return Optional.empty();
    }

    /** Where in the JSON body the failing value sat, e.g. {@code student.idNumber} or {@code evidence[0].kind}. */
    public static String jsonPathOf(Throwable exception) {
        JsonMappingException mapping = firstOf(exception, JsonMappingException.class);
        return mapping == null ? null : path(mapping);
    }

    /** Exception messages can quote input (names, ID numbers): only the first line, cut short, is fit for a log. */
    public static String safeMessage(Throwable exception) {
        String message = String.valueOf(exception.getMessage());
        int newline = message.indexOf('\n');
        String firstLine = newline < 0 ? message : message.substring(0, newline);
        return firstLine.length() > 120 ? firstLine.substring(0, 120) + "…" : firstLine;
    }

    private static Optional<ApiError> error(int status, String code, String field, String message) {
        return Optional.of(new ApiError(status, code, field, message, false));
    }

    private static ApiError invalidFormat(InvalidFormatException exception) {
        String field = path(exception);
        Class<?> target = exception.getTargetType();
        String expected;
        if (target != null && target.isEnum()) {
            expected = "可选值为 " + Arrays.stream(target.getEnumConstants()).map(RequestErrors::enumChoice)
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
}
