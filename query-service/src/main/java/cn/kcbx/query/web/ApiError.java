package cn.kcbx.query.web;

/**
 * The one error shape of the API, the same as the case service's: HTTP status, a stable machine-readable code, the
 * input field at fault (or null), a message in Chinese, and whether retrying the same request may succeed.
 */
public record ApiError(int status, String code, String field, String message, boolean retryable) {
}
