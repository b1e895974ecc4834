package cn.kcbx.access.security;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Documents the bearer token once for the whole API, so that Swagger UI can send it ("Authorize"). */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(OpenApiCustomizer.class)
public class OpenApiBearerToken {

    static final String SCHEME = "signInToken";

    @Bean
    OpenApiCustomizer bearerTokenScheme() {
        return openApi -> {
            if (openApi.getComponents() == null) {
                openApi.setComponents(new Components());
            }
            openApi.getComponents().addSecuritySchemes(SCHEME, new SecurityScheme()
                    .type(SecurityScheme.Type.HTTP).scheme("bearer")
                    .description("POST /api/auth/sign-in 返回的令牌（或启用统一身份认证时身份提供方签发的 JWT）"));
            openApi.addSecurityItem(new SecurityRequirement().addList(SCHEME));
        };
    }
}
