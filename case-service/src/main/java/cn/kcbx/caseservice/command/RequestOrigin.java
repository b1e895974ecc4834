package cn.kcbx.caseservice.command;

/** Where a command came from: the client channel (web, mobile, import, api) and the client's network address. */
public record RequestOrigin(String channel, String clientAddress) {
}
