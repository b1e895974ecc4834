package cn.kcbx.caseservice.web;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import java.util.List;

/** Lets command endpoints take a {@link ClientRequest} parameter. */
@Configuration(proxyBeanMethods = false)
class WebMvcSetup implements WebMvcConfigurer {

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(new ClientRequestResolver());
    }
}
