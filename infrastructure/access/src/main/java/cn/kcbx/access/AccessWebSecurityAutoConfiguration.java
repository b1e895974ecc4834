package cn.kcbx.access;

import cn.kcbx.access.admin.AccountAdminController;
import cn.kcbx.access.oidc.OidcTokens;
import cn.kcbx.access.security.AccessExceptionHandler;
import cn.kcbx.access.security.AccessSecurity;
import cn.kcbx.access.security.ManagementPort;
import cn.kcbx.access.security.OpenApiBearerToken;
import cn.kcbx.access.security.RejectedRequests;
import cn.kcbx.access.security.SignedInCurrentUser;
import cn.kcbx.access.signin.SignInController;
import cn.kcbx.access.signin.SignInService;
import cn.kcbx.web.CurrentUser;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.security.oauth2.resource.servlet.OAuth2ResourceServerAutoConfiguration;
import org.springframework.boot.autoconfigure.security.servlet.SecurityAutoConfiguration;
import org.springframework.boot.autoconfigure.security.servlet.UserDetailsServiceAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.firewall.RequestRejectedHandler;

/**
 * Real sign-in for a servlet service: the stateless bearer-token filter chain, {@code /api/auth/**},
 * {@code /api/admin/accounts/**} and the {@link CurrentUser} that is the signed-in account. It comes before Spring
 * Boot's own security defaults, which then step aside (no generated password, no login page).
 */
@AutoConfiguration(after = AccessAutoConfiguration.class,
                   before = {SecurityAutoConfiguration.class, UserDetailsServiceAutoConfiguration.class,
                             OAuth2ResourceServerAutoConfiguration.class},
                   beforeName = "org.springframework.boot.actuate.autoconfigure.security.servlet"
                           + ".ManagementWebSecurityAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnBean(SignInService.class)
@EnableWebSecurity
@Import({SignInController.class, AccountAdminController.class, AccessExceptionHandler.class,
         OpenApiBearerToken.class})
public class AccessWebSecurityAutoConfiguration {

    @Bean
    CurrentUser signedInCurrentUser() {
        return new SignedInCurrentUser();
    }

    /** Present only with {@code kcbx.security.oidc.enabled=true}; then a {@link JwtDecoder} is required. */
    @Bean
    OidcTokensHolder oidcTokens(SecurityProperties properties, ObjectProvider<JwtDecoder> decoder) {
        if (!properties.oidc().enabled()) {
            return new OidcTokensHolder(null);
        }
        JwtDecoder jwtDecoder = decoder.getIfAvailable();
        if (jwtDecoder == null) {
            throw new IllegalStateException("kcbx.security.oidc.enabled=true needs the identity provider: set "
                                                    + "spring.security.oauth2.resourceserver.jwt.issuer-uri "
                                                    + "(or jwk-set-uri)");
        }
        return new OidcTokensHolder(new OidcTokens(jwtDecoder, properties.oidc()));
    }

    @Bean
    ManagementPort managementPort() {
        return new ManagementPort();
    }

    @Bean
    SecurityFilterChain kcbxSecurityFilterChain(HttpSecurity http, SignInService signIn, OidcTokensHolder oidc,
                                                ManagementPort managementPort) throws Exception {
        return AccessSecurity.filterChain(http, signIn, oidc.tokens(), managementPort);
    }

    /** Picked up by Spring Security's firewall: refused requests answer 400 in the usual error shape. */
    @Bean
    RequestRejectedHandler rejectedRequests() {
        return new RejectedRequests();
    }

    /** OIDC is optional: a holder, since a bean cannot be null. */
    public record OidcTokensHolder(OidcTokens tokens) {
    }
}
