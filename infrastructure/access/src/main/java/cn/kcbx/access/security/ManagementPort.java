package cn.kcbx.access.security;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.web.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;

/**
 * The actuator's own port ({@code management.server.port}), once its server has started: the operator's port, which
 * the reverse proxy never forwards to. Metrics are answered there only; while the actuator shares the public port
 * (no management port set, the default), nothing but health and info is answered on it, to anyone.
 */
public final class ManagementPort implements ApplicationListener<WebServerInitializedEvent> {

    /** Spring Boot's server namespace of the actuator's child context on its own port. */
    private static final String MANAGEMENT_NAMESPACE = "management";

    private volatile int port = -1;

    @Override
    public void onApplicationEvent(WebServerInitializedEvent event) {
        if (MANAGEMENT_NAMESPACE.equals(event.getApplicationContext().getServerNamespace())) {
            port = event.getWebServer().getPort();
        }
    }

    /**
     * True for a request that came in on the actuator's own port (never when it has none). The socket's own port:
     * not the server port, which a trusted proxy's X-Forwarded-Port or a Host header may set.
     */
    public boolean isManagementRequest(HttpServletRequest request) {
        int managementPort = port;
        return managementPort > 0 && request.getLocalPort() == managementPort;
    }
}
