package cn.kcbx.access.oidc;

import cn.kcbx.access.support.AccessTestApplication;
import cn.kcbx.access.support.Http;
import cn.kcbx.testsupport.TestMongo;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Date;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A county with its own identity provider: a JWT it signed (here with an RSA key made for the test; in production the
 * decoder comes from spring.security.oauth2.resourceserver.jwt.issuer-uri) acts as the user its claims name.
 */
@SpringBootTest(classes = {AccessTestApplication.class, OidcSignInTest.IdentityProvider.class},
                webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
                properties = {"spring.config.name=access-test", "kcbx.security.oidc.enabled=true",
                              "kcbx.security.oidc.unit-claim=unit_code"})
class OidcSignInTest {

    private static final String DATABASE = TestMongo.get().newDatabaseName("access_oidc");
    private static final KeyPair PROVIDER_KEY = rsaKey();
    private static final KeyPair OTHER_KEY = rsaKey();

    @DynamicPropertySource
    static void mongo(DynamicPropertyRegistry registry) {
        registry.add("spring.data.mongodb.uri", () -> TestMongo.get().connectionString(DATABASE));
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class IdentityProvider {
        @Bean
        JwtDecoder jwtDecoder() {
            return NimbusJwtDecoder.withPublicKey((RSAPublicKey) PROVIDER_KEY.getPublic()).build();
        }
    }

    @LocalServerPort
    int port;

    @Test
    void a_token_of_the_identity_provider_acts_as_the_user_its_claims_name() {
        Http http = new Http(port);
        String token = jwt(PROVIDER_KEY, Map.of("preferred_username", "chen.jing@qx", "kcbx_role", "town",
                                                "unit_code", "439921100", "name", "陈静"), 300);

        Http.Answer probe = http.get("/api/probe", token);

        assertThat(probe.status()).as("%s", probe).isEqualTo(200);
        assertThat(probe.body().path("userId").asText()).isEqualTo("chen.jing@qx");
        assertThat(probe.body().path("role").asText()).isEqualTo("TOWN");
        assertThat(probe.body().path("unitCode").asText()).isEqualTo("439921100");
        Http.Answer me = http.get("/api/auth/me", token);
        assertThat(me.body().path("displayName").asText()).isEqualTo("陈静");
        assertThat(me.body().path("roleLabel").asText()).isEqualTo("乡镇");
        // Its password lives with the identity provider.
        assertThat(http.post("/api/auth/password", Map.of("currentPassword", "x", "newPassword", "Abcdef2026xyz"),
                             token).code()).isEqualTo("PASSWORD_MANAGED_BY_IDENTITY_PROVIDER");
        // A town is no administrator, whoever signed its token.
        assertThat(http.get("/api/admin/accounts", token).status()).isEqualTo(403);
    }

    @Test
    void forged_expired_or_ill_fitting_tokens_are_401() {
        Http http = new Http(port);
        Map<String, Object> claims = Map.of("preferred_username", "chen.jing@qx", "kcbx_role", "TOWN",
                                            "unit_code", "439921100");
        assertThat(http.get("/api/probe", jwt(OTHER_KEY, claims, 300)).status()).isEqualTo(401);
        assertThat(http.get("/api/probe", jwt(PROVIDER_KEY, claims, -300)).status()).isEqualTo(401);
        assertThat(http.get("/api/probe", jwt(PROVIDER_KEY, Map.of("preferred_username", "chen.jing@qx",
                "kcbx_role", "TOWN", "unit_code", "439921"), 300)).status()).isEqualTo(401);
        assertThat(http.get("/api/probe", jwt(PROVIDER_KEY, Map.of("preferred_username", "chen.jing@qx",
                "kcbx_role", "MAYOR", "unit_code", "439921"), 300)).status()).isEqualTo(401);
        assertThat(http.get("/api/probe", jwt(PROVIDER_KEY, Map.of("preferred_username", "chen.jing@qx"), 300))
                       .status()).isEqualTo(401);
        Http.Answer garbage = http.get("/api/probe", "a.b.c");
        assertThat(garbage.status()).isEqualTo(401);
        assertThat(garbage.code()).isEqualTo("UNAUTHENTICATED");
    }

    private static String jwt(KeyPair key, Map<String, Object> claims, long expiresInSeconds) {
        JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder().issuer("https://idp.qingxi.example")
                                                                 .issueTime(new Date())
                                                                 .expirationTime(Date.from(Instant.now().plusSeconds(
                                                                         expiresInSeconds)));
        claims.forEach(builder::claim);
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), builder.build());
        try {
            jwt.sign(new RSASSASigner(key.getPrivate()));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    private static KeyPair rsaKey() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
