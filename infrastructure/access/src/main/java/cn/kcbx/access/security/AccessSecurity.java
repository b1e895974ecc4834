package cn.kcbx.access.security;

import cn.kcbx.access.oidc.OidcTokens;
import cn.kcbx.access.signin.SignInService;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;

/**
 * The filter chain of both services. Stateless, bearer tokens only: no cookies, so no CSRF protection is needed and
 * none is on. Everything needs a signed-in user except signing in, health and the API documentation;
 * {@code /api/admin/**} needs a system administrator; metrics only on the actuator's own port ({@link ManagementPort}).
 * 401 and 403 answer in the {@code ApiError} JSON shape.
 */
public final class AccessSecurity {

    /** Reachable without a token (besides {@code POST /api/auth/sign-in}). */
    public static final String[] PUBLIC_PATHS = {
            "/actuator/health", "/actuator/health/**", "/actuator/info",
            "/v3/api-docs", "/v3/api-docs/**", "/v3/api-docs.yaml", "/swagger-ui.html", "/swagger-ui/**", "/error"};

    private AccessSecurity() {
    }

    /**
     * The desk pages and their assets (a GET outside {@code /api/} and {@code /actuator/}): they hold no data, and a
     * browser must load them before anyone can sign in. Everything they show comes from the API.
     */
    static boolean isPageRequest(HttpServletRequest request) {
        String method = request.getMethod();
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return ("GET".equals(method) || "HEAD".equals(method)) && !path.startsWith("/api/") && !path.equals("/api")
                && !path.startsWith("/actuator");
    }

    /**
     * The pages keep their sign-in token in the browser (desk: the tab's sessionStorage; phone: localStorage, to open
     * offline), so a script injected into a page could read it: the browser runs only the product's own scripts (no
     * inline script, nothing from another origin; the phone pages' service worker is one of them), talks to the
     * product alone and never shows a page inside another site's frame. Element Plus and Vant set inline styles,
     * hence {@code 'unsafe-inline'} for styles only.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; "
            + "style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; "
            + "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    /**
     * @param managementPort the actuator's own port: everything the actuator answers there (health, metrics) is
     *                       answered without a token, since only the operator's network reaches it; on the public
     *                       port only health and info are, and every other actuator path is refused to everyone,
     *                       signed in or not (a user of another town learns nothing from the metrics either)
     */
    public static SecurityFilterChain filterChain(HttpSecurity http, SignInService signIn, OidcTokens oidc,
                                                  ManagementPort managementPort) throws Exception {
        ApiErrorResponses errors = new ApiErrorResponses();
        return http.csrf(AbstractHttpConfigurer::disable)
                   .cors(AbstractHttpConfigurer::disable)
                   .httpBasic(AbstractHttpConfigurer::disable)
                   .formLogin(AbstractHttpConfigurer::disable)
                   .logout(AbstractHttpConfigurer::disable)
                   .requestCache(AbstractHttpConfigurer::disable)
                   .headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
                                              .referrerPolicy(referrer -> referrer.policy(
                                                      ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN)))
                   .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                   .addFilterBefore(new SignInRequestLimit(), AnonymousAuthenticationFilter.class)
                   .addFilterBefore(new BearerTokenFilter(signIn, oidc), AnonymousAuthenticationFilter.class)
                   .exceptionHandling(handling -> handling.authenticationEntryPoint(errors)
                                                          .accessDeniedHandler(errors))
                   .authorizeHttpRequests(requests -> requests
                           // An error page or the rest of an async answer (live updates) of a request let through.
                           .dispatcherTypeMatchers(DispatcherType.ERROR, DispatcherType.ASYNC).permitAll()
                           .requestMatchers(HttpMethod.POST, "/api/auth/sign-in").permitAll()
                           .requestMatchers(managementPort::isManagementRequest).permitAll()
                           .requestMatchers(PUBLIC_PATHS).permitAll()
                           .requestMatchers(AccessSecurity::isPageRequest).permitAll()
                           .requestMatchers("/actuator", "/actuator/**").denyAll()
                           .requestMatchers("/api/admin/**").hasRole("ADMIN")
                           .anyRequest().authenticated())
                   .build();
    }
}
