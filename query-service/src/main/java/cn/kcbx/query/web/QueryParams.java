package cn.kcbx.query.web;

import cn.kcbx.kernel.InvalidValueException;
import cn.kcbx.kernel.access.AccessDeniedException;
import cn.kcbx.kernel.access.Jurisdiction;
import cn.kcbx.kernel.actor.Actor;
import cn.kcbx.kernel.region.DivisionCode;
import cn.kcbx.query.casefile.ReadScope;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Parsing of read-API query parameters into domain values, with the same 400 errors everywhere. */
public final class QueryParams {

    public static final int MAX_PAGE_SIZE = 500;

    private QueryParams() {
    }

    /**
     * The region asked for, which must lie in the caller's jurisdiction (403 {@code OUT_OF_JURISDICTION} otherwise);
     * when absent, the caller's own unit. A school or an administrator account has no region figures.
     */
    public static DivisionCode region(String value, Actor actor, String field) {
        DivisionCode region = parseRegion(value, actor, field);
        Jurisdiction.requireRegion(actor, region);
        return region;
    }

    /**
     * What a list read (ledgers, the live stream) may return: for a village, town or county account the region asked
     * for (by default its own), checked as in {@link #region(String, Actor, String)}; for a school its own students,
     * optionally narrowed to a region.
     */
    public static ReadScope readScope(String value, Actor actor, String field) {
        if (actor.role() != Actor.Role.SCHOOL) {
            return ReadScope.of(region(value, actor, field));
        }
        String school = schoolOf(actor);
        if (value == null || value.isBlank()) {
            return new ReadScope(null, school);
        }
        return new ReadScope(division(value.strip(), field), school);
    }

    /** A school account's 10-digit school code. */
    public static String schoolOf(Actor actor) {
        if (actor.unitCode() == null || !actor.unitCode().matches("\\d{10}")) {
            throw new AccessDeniedException("UNIT_ROLE_MISMATCH",
                    "账号的所属单位与角色不符：学校账号应绑定 10 位学校标识码，当前为 " + actor.unitCode());
        }
        return actor.unitCode();
    }

    /** A school filter on a list: a school account may only name its own school. */
    public static String schoolFilter(String value, Actor actor, String field) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String code = value.strip();
        if (!code.matches("\\d{10}")) {
            throw new InvalidValueException("INVALID_SCHOOL_CODE", field, "学校标识码应为 10 位数字");
        }
        if (actor.role() == Actor.Role.SCHOOL && !code.equals(schoolOf(actor))) {
            throw new AccessDeniedException("OUT_OF_JURISDICTION", "学校 " + code + " 的学生不是本校学生，无权查看");
        }
        return code;
    }

    /** A region of exactly the given level that the caller may read, e.g. a town for a town dashboard. */
    public static DivisionCode region(String value, DivisionCode.Level level, Actor actor, String field) {
        DivisionCode region = region(value, level, field);
        Jurisdiction.requireRegion(actor, region);
        return region;
    }

    private static DivisionCode parseRegion(String value, Actor actor, String field) {
        String code = value == null || value.isBlank() ? null : value.strip();
        if (code == null) {
            if (actor.unitCode() != null && actor.unitCode().matches("\\d{6}|\\d{9}|\\d{12}")) {
                code = actor.unitCode();
            } else {
                throw new InvalidValueException("REGION_REQUIRED", field, "请指定要查询的行政区划代码（县 6 位、乡镇 9 位或村 12 位）");
            }
        }
        return division(code, field);
    }

    private static DivisionCode division(String code, String field) {
        try {
            return new DivisionCode(code);
        } catch (InvalidValueException e) {
            throw e.atField(field);
        }
    }

    /** A region of exactly the given level, e.g. a town for a town dashboard. */
    public static DivisionCode region(String value, DivisionCode.Level level, String field) {
        if (value == null || value.isBlank()) {
            throw new InvalidValueException("REGION_REQUIRED", field, "请填写" + level.label() + "级行政区划代码");
        }
        DivisionCode code;
        try {
            code = new DivisionCode(value.strip());
        } catch (InvalidValueException e) {
            throw e.atField(field);
        }
        if (code.level() != level) {
            throw new InvalidValueException("REGION_LEVEL_MISMATCH", field,
                    "“" + code.value() + "”是" + code.level().label() + "级区划代码，这里需要" + level.label() + "级");
        }
        return code;
    }

    /** A set of enum values from repeated or comma-separated parameters; empty when none were given. */
    public static <E extends Enum<E>> Set<E> enums(List<String> values, Class<E> type, String field, String what,
                                                   Function<E, String> label) {
        EnumSet<E> result = EnumSet.noneOf(type);
        if (values == null) {
            return result;
        }
        for (String raw : values) {
            for (String part : raw.split(",")) {
                String name = part.strip();
                if (name.isEmpty()) {
                    continue;
                }
                try {
                    result.add(Enum.valueOf(type, name.toUpperCase()));
                } catch (IllegalArgumentException e) {
                    String allowed = Arrays.stream(type.getEnumConstants())
                                           .map(v -> v.name() + "（" + label.apply(v) + "）")
                                           .collect(Collectors.joining("、"));
                    throw new InvalidValueException("INVALID_FILTER", field,
                            what + "“" + name + "”不存在，可选：" + allowed);
                }
            }
        }
        return result;
    }

    public static int page(Integer page) {
        if (page == null) {
            return 0;
        }
        if (page < 0) {
            throw new InvalidValueException("INVALID_PAGE", "page", "页码从 0 开始，不能为负数");
        }
        return page;
    }

    public static int size(Integer size, int defaultSize) {
        if (size == null) {
            return defaultSize;
        }
        if (size < 1 || size > MAX_PAGE_SIZE) {
            throw new InvalidValueException("INVALID_PAGE_SIZE", "size", "每页条数应在 1 到 " + MAX_PAGE_SIZE + " 之间");
        }
        return size;
    }
}
