package cn.kcbx.web.desk;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One origin for the pages: requests for the read side's paths (ledgers, dashboards, reports, the live stream, the
 * audit query, case timelines and sheets, projection admin) are passed on to the query service, everything else stays here. The
 * query service checks the sign-in itself; the client's address goes along as {@code X-Forwarded-For}. In production
 * a reverse proxy (deploy/nginx) does the same in front of both services, and this gateway stays off.
 *
 * <p>Answers are streamed as they come, so the live stream (server-sent events) flows through unchanged.
 */
public class ReadSideGateway extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(ReadSideGateway.class);

    /** The query service's paths (its controllers' mappings). */
    static final Pattern READ_SIDE_PATHS = Pattern.compile(
            "/api/(ledgers|dashboards|reports|audit|admin/projections)(/.*)?|/api/live|/api/cases/[^/]+/timeline");

    /** The case sheet: read there with GET; every other method on a case's path is a command of this service. */
    static final Pattern CASE_SHEET = Pattern.compile("/api/cases/[^/]+");

    private static final List<String> REQUEST_HEADERS = List.of("authorization", "accept", "content-type",
            "x-request-id", "x-client-channel", "last-event-id", "accept-language");
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "transfer-encoding", "te",
            "trailer", "upgrade", "proxy-authenticate", "proxy-authorization", "content-length", "host");

    private final URI queryService;
    private final HttpClient http;

    public ReadSideGateway(URI queryService) {
        this.queryService = queryService;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                              .connectTimeout(Duration.ofSeconds(5)).build();
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI();
        return !(READ_SIDE_PATHS.matcher(path).matches()
                 || "GET".equals(request.getMethod()) && CASE_SHEET.matcher(path).matches());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String query = request.getQueryString();
        URI target = queryService.resolve(request.getRequestURI() + (query == null ? "" : "?" + query));
        HttpRequest.Builder forward = HttpRequest.newBuilder(target);
        for (String name : REQUEST_HEADERS) {
            String value = request.getHeader(name);
            if (value != null) {
                forward.header(name, value);
            }
        }
        forward.header("X-Forwarded-For", request.getRemoteAddr());
        byte[] body = request.getInputStream().readAllBytes();
        forward.method(request.getMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(body));
        HttpResponse<InputStream> answer;
        try {
            answer = http.send(forward.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (ConnectException | HttpTimeoutException e) {
            unavailable(response);
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            unavailable(response);
            return;
        } catch (IOException e) {
            log.warn("Read side did not answer {} {}: {}", request.getMethod(), request.getRequestURI(), e.toString());
            unavailable(response);
            return;
        }
        response.setStatus(answer.statusCode());
        answer.headers().map().forEach((name, values) -> {
            if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
                values.forEach(value -> response.addHeader(name, value));
            }
        });
        boolean stream = answer.headers().firstValue("content-type").orElse("").startsWith("text/event-stream");
        try (InputStream in = answer.body(); OutputStream out = response.getOutputStream()) {
            byte[] buffer = new byte[8192];
            int read;
            while ((read = in.read(buffer)) >= 0) {
                out.write(buffer, 0, read);
                if (stream) {
                    out.flush();
                }
            }
        } catch (IOException clientGone) {
            // The browser closed the page (a live stream ends that way): nothing to answer.
        }
    }

    private static void unavailable(HttpServletResponse response) throws IOException {
        response.setStatus(502);
        response.setContentType("application/json;charset=UTF-8");
        response.getOutputStream().write(("{\"status\":502,\"code\":\"READ_SIDE_UNAVAILABLE\",\"field\":null,"
                + "\"message\":\"查询服务暂时不可用，请稍后重试；如持续出现请联系系统管理员\",\"retryable\":true}")
                                                 .getBytes(StandardCharsets.UTF_8));
    }
}
