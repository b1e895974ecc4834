package cn.kcbx.web.errorpages;

import cn.kcbx.web.ApiError;
import cn.kcbx.web.RequestErrors;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;

import java.io.IOException;
import java.io.Writer;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Tomcat's own error answers in the {@link ApiError} shape instead of its HTML page. Tomcat answers by itself when it
 * refuses a request before any application code runs, above all a request line with characters RFC 3986 does not
 * allow unencoded ({@code [ ] | { }}, a space): that is a 400 {@code REQUEST_REJECTED}. Errors the application
 * reports go through its error page ({@link ApiErrorController}) and are already written when this valve looks.
 */
public class JsonErrorReportValve extends ErrorReportValve {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        // As the HTML valve: only an error, only if nothing was written yet, and only once.
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        AtomicBoolean ioAllowed = new AtomicBoolean(false);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return;
        }
        // A 400 that reaches this valve unwritten is Tomcat's refusal to parse the request.
        ApiError error = status == 400 ? RequestErrors.REQUEST_REJECTED : RequestErrors.forStatus(status);
        try {
            response.setContentType("application/json");
            response.setCharacterEncoding("UTF-8");
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(JSON.writeValueAsString(error));
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // the client is gone or the response cannot be written: nobody to answer
        }
    }
}
