package cn.kcbx.web;

/**
 * The one error shape of both services' APIs: HTTP status, a stable machine-readable code, the input field at fault
 * (dotted path, or null), a message in Chinese for the clerk, and whether retrying the same request may succeed.
 */
public record ApiError(int status, String code, String field, String message, boolean retryable) {
}
