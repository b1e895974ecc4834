package cn.kcbx.access.security;

import cn.kcbx.web.ApiError;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;

/**
 * The answer to a request that the security firewall refuses before any controller sees it (a header with non-ASCII
 * characters, such as a Chinese {@code X-Request-Id}, or a malformed path): a 400 in the usual error shape, not the
 * 500 that the unhandled exception used to become.
 */
public final class RejectedRequests implements RequestRejectedHandler {

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response,
                       RequestRejectedException requestRejectedException) throws IOException {
        ApiErrorResponses.write(response, error());
    }

    static ApiError error() {
        return new ApiError(400, "REQUEST_REJECTED", null,
                            "请求被拒绝：请求头或网址中含有不允许的字符（例如请求编号 X-Request-Id 只能使用字母、数字和 - _ . :）",
                            false);
    }
}
