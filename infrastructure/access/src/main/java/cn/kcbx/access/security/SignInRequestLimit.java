package cn.kcbx.access.security;

import cn.kcbx.web.ApiError;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

/**
 * {@code /api/auth/**} is open to anyone, so its request bodies are read only up to a few kilobytes: a user name, a
 * password and a new password fit easily, a two-megabyte user name is refused before it is parsed ({@code 413
 * REQUEST_TOO_LARGE} when the size is announced; a body sent in chunks stops being read at the limit).
 */
final class SignInRequestLimit extends OncePerRequestFilter {

    static final int MAX_BODY_BYTES = 8 * 1024;

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !ApiErrorResponses.PathOf.request(request).startsWith("/api/auth/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getContentLengthLong() > MAX_BODY_BYTES) {
            ApiErrorResponses.write(response, new ApiError(413, "REQUEST_TOO_LARGE", null,
                    "请求内容过大：登录和修改密码的请求最多 " + MAX_BODY_BYTES / 1024 + " KB", false));
            return;
        }
        chain.doFilter(new LimitedBody(request), response);
    }

    /** Reads the body up to the limit; beyond it the read fails, and the body is answered as unreadable (400). */
    private static final class LimitedBody extends HttpServletRequestWrapper {

        LimitedBody(HttpServletRequest request) {
            super(request);
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            ServletInputStream body = super.getInputStream();
            return new ServletInputStream() {
                private long read;

                @Override
                public int read() throws IOException {
                    int b = body.read();
                    if (b >= 0) {
                        count(1);
                    }
                    return b;
                }

                @Override
                public int read(byte[] buffer, int offset, int length) throws IOException {
                    int n = body.read(buffer, offset, length);
                    if (n > 0) {
                        count(n);
                    }
                    return n;
                }

                private void count(int n) throws IOException {
                    read += n;
                    if (read > MAX_BODY_BYTES) {
                        throw new IOException("request body over " + MAX_BODY_BYTES + " bytes");
                    }
                }

                @Override
                public boolean isFinished() {
                    return body.isFinished();
                }

                @Override
                public boolean isReady() {
                    return body.isReady();
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    body.setReadListener(listener);
                }
            };
        }
    }
}
