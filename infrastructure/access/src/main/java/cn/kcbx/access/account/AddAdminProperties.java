package cn.kcbx.access.account;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.nio.file.Path;

/**
 * One more system administrator, made on the server at start-up ({@code kcbx.security.add-admin.*}): the only way to
 * make an administrator once the first exists. Whoever can set a service's start-up arguments on the server can take
 * this step; an administrator signed in to the API cannot.
 *
 * @param username     the new administrator's user name
 * @param unit         the 6-digit code of the county it administers
 * @param password     its first password (must pass the password policy, changed at the first sign-in); or
 * @param passwordFile a file holding it (first line), so that it stays out of the command line and environment
 * @param displayName  shown name (default 系统管理员)
 */
@ConfigurationProperties("kcbx.security.add-admin")
public record AddAdminProperties(String username, String unit, String password, Path passwordFile,
                                 String displayName) {

    public boolean configured() {
        return username != null && !username.isBlank();
    }
}
