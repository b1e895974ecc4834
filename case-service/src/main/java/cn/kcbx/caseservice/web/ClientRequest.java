package cn.kcbx.caseservice.web;

import cn.kcbx.caseservice.command.RequestOrigin;

/**
 * What every command request carries besides its body: the client's optional request id ({@code X-Request-Id}) and
 * where it came from ({@code X-Client-Channel} and the client address). Resolved by {@link ClientRequestResolver}.
 */
public record ClientRequest(String requestId, RequestOrigin origin) {
}
