package cn.kcbx.access.account;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What the account steps taken on the server itself share (start-up settings {@code kcbx.security.initial-admin.*}
 * and {@code kcbx.security.add-admin.*}): the password from the settings or a file, and the origin the access log
 * records for them, which names the host and the operating-system user that started the service.
 */
final class ServerStep {

    private ServerStep() {
    }

    /** The origin of an access-log entry of a server step, e.g. {@code kcbx.security.add-admin on host x by OS user y}. */
    static String origin(String settings) {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException unknown) {
            host = "?";
        }
        return settings + " on host " + host + " by OS user " + System.getProperty("user.name", "?");
    }

    /** The first line of {@code passwordFile}, or {@code password}; exactly one of them must be set. */
    static String password(String settings, String password, Path passwordFile) {
        if (password != null && passwordFile != null) {
            throw new IllegalStateException("Set only one of " + settings + ".password and .password-file");
        }
        if (passwordFile != null) {
            try {
                List<String> lines = Files.readAllLines(passwordFile, StandardCharsets.UTF_8);
                return lines.isEmpty() ? "" : lines.get(0).strip();
            } catch (IOException e) {
                throw new UncheckedIOException(settings + ".password-file cannot be read: " + passwordFile, e);
            }
        }
        if (password == null) {
            throw new IllegalStateException(settings + ".username is set: set .password-file (or .password) too");
        }
        return password;
    }
}
