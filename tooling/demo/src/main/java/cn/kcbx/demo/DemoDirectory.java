package cn.kcbx.demo;

import cn.kcbx.demo.DemoCounty.School;
import cn.kcbx.demo.DemoCounty.Town;
import cn.kcbx.demo.DemoCounty.Village;
import cn.kcbx.kernel.dropoutcase.school.SchoolLevel;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The demo county's unit directory as the .csv a county clerk would import (the template's columns): the county, its
 * towns and villages, and its schools. The demo loader imports it through the API before the first case.
 */
final class DemoDirectory {

    static final String FILE_NAME = "清溪县单位目录.csv";

    private DemoDirectory() {
    }

    static byte[] csv(DemoCounty county) {
        StringBuilder csv = new StringBuilder("单位类别,代码,名称,所属乡镇代码,学段,办学性质,学籍系统账号\r\n");
        csv.append("县,").append(DemoCounty.COUNTY_CODE).append(',').append(DemoCounty.COUNTY_NAME).append(",,,,\r\n");
        Map<String, String> schools = new LinkedHashMap<>();
        for (Town town : county.towns()) {
            csv.append("乡镇,").append(town.code()).append(',').append(town.name()).append(",,,,\r\n");
            for (Village village : town.villages()) {
                csv.append("村（社区）,").append(village.code()).append(',').append(village.name()).append(",,,,\r\n");
            }
            schools.putIfAbsent(town.primary().code(), schoolRow(town.primary(), town));
            schools.putIfAbsent(town.junior().code(), schoolRow(town.junior(), town));
        }
        schools.values().forEach(csv::append);
        return csv.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A junior school serves several towns; it stands in the first of them (the one it was founded for). */
    private static String schoolRow(School school, Town town) {
        return "学校," + school.code() + "," + school.name() + "," + town.code() + ","
                + (school.level() == SchoolLevel.PRIMARY ? "小学" : "初中") + ",公办,有\r\n";
    }
}
