package cn.kcbx.caseservice.web;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import java.util.List;

/** Lets command endpoints take a {@link ClientRequest} parameter, and counts the commands ({@link CommandMetrics}). */
@Configuration(proxyBeanMethods = false)
class WebMvcSetup implements WebMvcConfigurer {

    private final MeterRegistry meterRegistry;

    WebMvcSetup(MeterRegistry meterRegistry) {
        this.meterRegistry = meterRegistry;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new CommandMetrics(meterRegistry)).addPathPatterns("/api/cases", "/api/cases/**");
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(new ClientRequestResolver());
    }
}
