package cn.kcbx.kernel.region;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The province-level prefixes of GB/T 2260 (first two digits of a division code or an ID number).
 * <p>
 * Only the province is checked, never the city or county digits: an ID number keeps the code of a county that has
 * since been merged or abolished, so a full county table would wrongly reject real people.
 */
public final class Provinces {

    private static final Map<String, String> NAMES;

    static {
        Map<String, String> m = new TreeMap<>();
        m.put("11", "北京市");
        m.put("12", "天津市");
        m.put("13", "河北省");
        m.put("14", "山西省");
        m.put("15", "内蒙古自治区");
        m.put("21", "辽宁省");
        m.put("22", "吉林省");
        m.put("23", "黑龙江省");
        m.put("31", "上海市");
        m.put("32", "江苏省");
        m.put("33", "浙江省");
        m.put("34", "安徽省");
        m.put("35", "福建省");
        m.put("36", "江西省");
        m.put("37", "山东省");
        m.put("41", "河南省");
        m.put("42", "湖北省");
        m.put("43", "湖南省");
        m.put("44", "广东省");
        m.put("45", "广西壮族自治区");
        m.put("46", "海南省");
        m.put("50", "重庆市");
        m.put("51", "四川省");
        m.put("52", "贵州省");
        m.put("53", "云南省");
        m.put("54", "西藏自治区");
        m.put("61", "陕西省");
        m.put("62", "甘肃省");
        m.put("63", "青海省");
        m.put("64", "宁夏回族自治区");
        m.put("65", "新疆维吾尔自治区");
        m.put("71", "台湾省");
        m.put("81", "香港特别行政区");
        m.put("82", "澳门特别行政区");
        NAMES = Map.copyOf(m);
    }

    private Provinces() {
    }

    /** True when the code (at least two characters; only the first two are read) starts with a real province prefix. */
    public static boolean isKnownPrefix(String code) {
        return code != null && code.length() >= 2 && NAMES.containsKey(code.substring(0, 2));
    }

    /** The province name for a code's first two digits, e.g. "43" or "430122" gives 湖南省. */
    public static Optional<String> nameOf(String code) {
        if (code == null || code.length() < 2) {
            return Optional.empty();
        }
        return Optional.ofNullable(NAMES.get(code.substring(0, 2)));
    }

    /** All known two-digit province prefixes, in ascending order. */
    public static SortedSet<String> prefixes() {
        return Collections.unmodifiableSortedSet(new TreeSet<>(NAMES.keySet()));
    }
}
