package cn.kcbx.access.security;

import cn.kcbx.web.ApiError;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The 401 and 403 answers of the filter chain, in the {@link ApiError} JSON shape of both services (never an HTML
 * page or an empty body).
 */
public final class ApiErrorResponses implements AuthenticationEntryPoint, AccessDeniedHandler {

    /** Set by the token filter when a token was sent but is no longer (or never was) valid. */
    static final String TOKEN_REFUSED = ApiErrorResponses.class.getName() + ".tokenRefused";

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response,
                         AuthenticationException authException) throws IOException {
        String message = request.getAttribute(TOKEN_REFUSED) != null
                ? "登录已失效（已超时、已退出或令牌无效），请重新登录"
                : "未登录：请先登录（POST /api/auth/sign-in），再在请求头带上 Authorization: Bearer <令牌>";
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        write(response, new ApiError(401, "UNAUTHENTICATED", null, message, false));
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response,
                       AccessDeniedException accessDeniedException) throws IOException {
        String path = PathOf.request(request);
        String message = path.startsWith("/api/admin/") ? "仅系统管理员可以执行此操作" : "您的账号无权执行此操作";
        write(response, new ApiError(403, "FORBIDDEN", null, message, false));
    }

    static void write(HttpServletResponse response, ApiError error) throws IOException {
        response.setStatus(error.status());
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getOutputStream().write(JSON.writeValueAsBytes(error));
        response.flushBuffer();
    }

    /** The request path inside the application (without the context path). */
    static final class PathOf {
        private PathOf() {
        }

        static String request(HttpServletRequest request) {
            return request.getRequestURI().substring(request.getContextPath().length());
        }
    }
}
