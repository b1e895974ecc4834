package cn.kcbx.web;

import cn.kcbx.kernel.actor.Actor;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Pattern;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Reads the acting user from {@code X-User-Id}, {@code X-User-Role} and {@code X-User-Unit}. A stand-in until real
 * sign-in exists: it trusts the caller, so it must only be reachable through a gateway that sets these headers.
 */
public class HeaderCurrentUser implements CurrentUser {

    public static final String USER_ID = "X-User-Id";
    public static final String ROLE = "X-User-Role";
    public static final String UNIT = "X-User-Unit";

    private static final Pattern USER_ID_FORMAT = Pattern.compile("[A-Za-z0-9._@-]{1,64}");
    /** A 6/9/12-digit division code or a 10-digit school identification code (学校标识码). */
    private static final Pattern UNIT_FORMAT = Pattern.compile("\\d{6}|\\d{9}|\\d{10}|\\d{12}");

    @Override
    public Actor require() {
        HttpServletRequest request = ((ServletRequestAttributes) RequestContextHolder.currentRequestAttributes())
                .getRequest();
        String userId = request.getHeader(USER_ID);
        String role = request.getHeader(ROLE);
        String unit = request.getHeader(UNIT);
        if (userId == null || role == null || unit == null) {
            throw new UnauthenticatedException(userId == null ? USER_ID : role == null ? ROLE : UNIT,
                    "未识别操作人：请求须带 X-User-Id（用户编号）、X-User-Role（角色）和 X-User-Unit（所属单位代码）");
        }
        if (!USER_ID_FORMAT.matcher(userId).matches()) {
            throw new UnauthenticatedException(USER_ID, "用户编号格式不正确：应为 1–64 位字母、数字或 . _ @ -");
        }
        if (!UNIT_FORMAT.matcher(unit).matches()) {
            throw new UnauthenticatedException(UNIT, "所属单位代码格式不正确：应为 6/9/12 位行政区划代码或 10 位学校标识码");
        }
        return new Actor(userId, role(role), unit);
    }

    private static Actor.Role role(String value) {
        String normalised = value.trim().toUpperCase(Locale.ROOT);
        return Arrays.stream(Actor.Role.values())
                     .filter(role -> role.name().equals(normalised))
                     .findFirst()
                     .orElseThrow(() -> new UnauthenticatedException(ROLE,
                             "角色不正确：应为 VILLAGE（村级）、SCHOOL（学校）、TOWN（乡镇）、COUNTY（县级）或 ADMIN（系统管理员）"));
    }
}
