package cn.kcbx.web.desk;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.resource.PathResourceResolver;

import java.io.IOException;
import java.net.URI;
import java.util.concurrent.TimeUnit;

/**
 * Serves the pages from this jar: the built assets (content-hashed names, cached for a year) and, for any other
 * path outside {@code /api/}, the page itself (never cached): the phone pages' {@code m/index.html} under
 * {@code /m/}, the desk's {@code index.html} elsewhere, so that an address like {@code /cases/…} opened from a bookmark
 * shows that page. The phone pages' service worker ({@code /m/sw.js}) is never cached either, so a new version
 * reaches the phones on their next start. Whatever the pages show comes from the API after sign-in;
 * the pages themselves hold no data.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class DeskPagesAutoConfiguration implements WebMvcConfigurer {

    static final String PAGES = "META-INF/resources/";

    /**
     * With {@code kcbx.web.query-service-url} set (the all-in-one run sets it), the read side's paths are passed on
     * to the query service, ahead of the security chain (the query service checks the sign-in itself).
     */
    @Bean
    @ConditionalOnProperty("kcbx.web.query-service-url")
    FilterRegistrationBean<ReadSideGateway> readSideGateway(@Value("${kcbx.web.query-service-url}") URI queryService) {
        FilterRegistrationBean<ReadSideGateway> registration =
                new FilterRegistrationBean<>(new ReadSideGateway(queryService));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        registration.addUrlPatterns("/api/*");
        return registration;
    }

    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        registry.addResourceHandler("/assets/**")
                .addResourceLocations("classpath:/" + PAGES + "assets/")
                .setCacheControl(CacheControl.maxAge(365, TimeUnit.DAYS).cachePublic().immutable());
        registry.addResourceHandler("/**")
                .addResourceLocations("classpath:/" + PAGES)
                .setCacheControl(CacheControl.noCache())
                .resourceChain(true)
                .addResolver(new PageFallback());
    }

    /** A file the pages ship, else the page for a route of the pages; nothing for the API and the service's own paths. */
    static final class PageFallback extends PathResourceResolver {

        @Override
        protected Resource getResource(String resourcePath, Resource location) throws IOException {
            Resource file = super.getResource(resourcePath, location);
            if (file != null) {
                return file;
            }
            if (isServicePath(resourcePath) || resourcePath.contains(".")) {
                return null;
            }
            Resource page = new ClassPathResource(PAGES + (isPhonePath(resourcePath) ? "m/index.html" : "index.html"));
            return page.exists() ? page : null;
        }

        /** The phone pages live under /m/ (their own page, with its service worker's scope). */
        static boolean isPhonePath(String path) {
            return path.equals("m") || path.startsWith("m/");
        }

        static boolean isServicePath(String path) {
            return path.startsWith("api/") || path.equals("api") || path.startsWith("actuator")
                    || path.startsWith("v3/") || path.startsWith("swagger-ui") || path.equals("error");
        }
    }
}
