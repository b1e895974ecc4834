package cn.kcbx.caseservice.web;

import cn.kcbx.caseservice.command.RequestOrigin;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

import java.util.Locale;
import java.util.Set;

/** Reads a {@link ClientRequest} from the request headers and the client address. */
class ClientRequestResolver implements HandlerMethodArgumentResolver {

    static final String REQUEST_ID = "X-Request-Id";
    static final String CHANNEL = "X-Client-Channel";
    private static final Set<String> CHANNELS = Set.of("web", "mobile", "import", "api");

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == ClientRequest.class;
    }

    @Override
    public ClientRequest resolveArgument(MethodParameter parameter, ModelAndViewContainer container,
                                         NativeWebRequest webRequest, WebDataBinderFactory binderFactory) {
        HttpServletRequest request = webRequest.getNativeRequest(HttpServletRequest.class);
        String channel = webRequest.getHeader(CHANNEL);
        String knownChannel = channel == null ? "api" : channel.trim().toLowerCase(Locale.ROOT);
        return new ClientRequest(webRequest.getHeader(REQUEST_ID),
                                 new RequestOrigin(CHANNELS.contains(knownChannel) ? knownChannel : "api",
                                                   request == null ? null : request.getRemoteAddr()));
    }
}
