package cn.kcbx.access.security;

import cn.kcbx.web.ApiError;
import cn.kcbx.web.RequestErrors;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;

import java.io.IOException;

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

    /** The same answer as Tomcat's own refusal of a request for its characters ({@code RequestErrors}). */
    static ApiError error() {
        return RequestErrors.REQUEST_REJECTED;
    }
}
