package cn.kcbx.demo;

import cn.kcbx.kernel.actor.Actor;
import cn.kcbx.kernel.dropoutcase.school.SchoolLevel;
import cn.kcbx.kernel.student.Sex;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * The invented county 清溪县: towns, villages, schools and the people who work the cases. The county code 439921 has
 * a real province prefix (43, 湖南) but no such county exists, so every division code, school code and ID number of
 * the demo is recognisably fictional. Names are drawn from common surname and given-name lists.
 */
final class DemoCounty {

    static final String COUNTY_CODE = "439921";
    static final String COUNTY_NAME = "清溪县";
    static final int MAX_TOWNS = 40;

    record Person(String name, String phone) {
    }

    record Village(String code, String name, Person cadre, String cadrePost) {

        Actor actor() {
            return new Actor("qx.cun." + code, Actor.Role.VILLAGE, code);
        }
    }

    record School(String code, String name, SchoolLevel level, List<Person> teachers) {

        Actor actor() {
            return new Actor("qx.xx." + code, Actor.Role.SCHOOL, code);
        }
    }

    record Town(int index, String code, String name, List<Village> villages, School primary, School junior,
                Person officer) {

        /** 白沙镇 → 白沙: for document numbers. */
        String shortName() {
            return name.substring(0, name.length() - 1);
        }

        String government() {
            return name + "人民政府";
        }

        Actor actor() {
            return new Actor("qx.xz." + code, Actor.Role.TOWN, code);
        }
    }

    static final Actor COUNTY_OFFICER = new Actor("qx.kcb.jyj", Actor.Role.COUNTY, COUNTY_CODE);

    private static final List<String> TOWN_NAMES = List.of(
            "清溪镇", "白沙镇", "柳塘镇", "石门镇", "枫林镇", "杉木桥镇", "龙潭镇", "青石铺镇", "桃花乡", "云雾山乡",
            "黄泥坳乡", "梅子坪乡", "金竹乡", "鹤鸣镇", "双河镇", "长冲乡", "茶园镇", "樟树湾镇", "水口乡", "岩头镇",
            "凤凰岭乡", "大坪镇", "牛角冲乡", "莲花镇", "高桥镇", "官庄乡", "麻溪镇", "五里牌镇", "松柏乡", "新田镇",
            "马鞍山乡", "田心镇", "西冲乡", "东溪镇", "杨柳铺乡", "兴隆镇", "桂花乡", "塘湾镇", "仙人桥乡", "荷叶坪乡");
    private static final String VILLAGE_FIRST = "杉枫石龙竹桂茶莲梨松柏杨樟荷鹤凤金银黄青白红新丰和安兴田塘溪";
    private static final String VILLAGE_SECOND = "山岭坪冲湾塘桥坡溪源园田坳洲口";
    private static final List<String> CADRE_POSTS = List.of("村主任", "村党支部书记", "村妇女主任", "村委委员");

    private static final String SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董"
            + "袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛龚邵万严覃戴莫向汤";
    private static final String BOY_CHARS = "宇浩轩子涵博文杰俊豪明辉鹏飞磊强伟军峰斌超刚勇毅航晨睿哲瑞凯林然阳旭鑫泽昊诚";
    private static final String GIRL_CHARS = "欣怡梓涵雨婷静雪丽娟芳慧敏佳琪晓萱思妍可馨雅琳悦诗梦瑶蕾露颖洁玉兰春秀彤";
    private static final String ADULT_CHARS = "建国华平志明德海军红英兰秀春桂芳小伟勇红梅玉中永长福富贵新华家成";

    private final List<Town> towns;
    private final Random random;
    private final Set<String> phones = new HashSet<>();
    private final Set<String> adultNames = new HashSet<>();

    DemoCounty(int townCount, Random random) {
        if (townCount < 1 || townCount > MAX_TOWNS) {
            throw new IllegalArgumentException("towns must be 1–" + MAX_TOWNS + ": " + townCount);
        }
        this.random = random;
        Set<String> villageNames = new HashSet<>();
        List<Town> built = new ArrayList<>();
        School lastJunior = null;
        for (int t = 0; t < townCount; t++) {
            String townCode = COUNTY_CODE + "%03d".formatted(100 + t);
            String townName = TOWN_NAMES.get(t);
            String shortName = townName.substring(0, townName.length() - 1);
            int villageCount = 4 + random.nextInt(3);
            List<Village> villages = new ArrayList<>();
            for (int v = 0; v < villageCount; v++) {
                String name;
                do {
                    name = "" + VILLAGE_FIRST.charAt(random.nextInt(VILLAGE_FIRST.length()))
                            + VILLAGE_SECOND.charAt(random.nextInt(VILLAGE_SECOND.length())) + "村";
                } while (!villageNames.add(name));
                villages.add(new Village(townCode + "%03d".formatted(201 + v), name, adult(null),
                                         CADRE_POSTS.get(random.nextInt(CADRE_POSTS.size()))));
            }
            // 学校标识码 are 10 digits: 21, the county code without its province (9921), level (1/2), town number.
            School primary = new School("21" + COUNTY_CODE.substring(2) + "1" + "%03d".formatted(t),
                                        shortName + (townName.endsWith("乡") ? "乡" : "镇") + "中心小学",
                                        SchoolLevel.PRIMARY, teachers(5));
            School junior = lastJunior;
            if (t % 3 != 2 || lastJunior == null) {
                junior = new School("21" + COUNTY_CODE.substring(2) + "2" + "%03d".formatted(t),
                                    t == 0 ? COUNTY_NAME + "第一中学" : townName + "中学", SchoolLevel.JUNIOR,
                                    teachers(5));
                lastJunior = junior;
            }
            built.add(new Town(t, townCode, townName, List.copyOf(villages), primary, junior, adult(null)));
        }
        this.towns = List.copyOf(built);
    }

    List<Town> towns() {
        return towns;
    }

    // ------------------------------------------------------------------ people

    /** A child's name: surname plus one or two given-name characters. */
    String childName(String surname, Sex sex) {
        String chars = sex == Sex.MALE ? BOY_CHARS : GIRL_CHARS;
        StringBuilder name = new StringBuilder(surname).append(chars.charAt(random.nextInt(chars.length())));
        if (random.nextInt(4) != 0) {
            name.append(chars.charAt(random.nextInt(chars.length())));
        }
        return name.toString();
    }

    String surname() {
        return String.valueOf(SURNAMES.charAt(random.nextInt(SURNAMES.length())));
    }

    /** A new adult with a name unique in the county (so helpers never clash) and a unique fictional mobile. */
    Person adult(String surname) {
        String name;
        do {
            String family = surname != null ? surname : surname();
            name = family + ADULT_CHARS.charAt(random.nextInt(ADULT_CHARS.length()))
                    + ADULT_CHARS.charAt(random.nextInt(ADULT_CHARS.length()));
        } while (!adultNames.add(name));
        return new Person(name, phone());
    }

    /** 139 00 + 6 digits: a valid mobile format, from a narrow block so it is recognisably made up. */
    String phone() {
        String phone;
        do {
            phone = "13900" + "%06d".formatted(random.nextInt(1_000_000));
        } while (!phones.add(phone));
        return phone;
    }

    private List<Person> teachers(int count) {
        List<Person> teachers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            teachers.add(adult(null));
        }
        return List.copyOf(teachers);
    }
}
