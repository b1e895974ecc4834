package cn.kcbx.kernel.dropoutcase.trio;

import cn.kcbx.kernel.contact.MobileNumber;
import cn.kcbx.kernel.dropoutcase.Checks;

/**
 * A 三帮一 helper, as on the 结对帮扶登记表: name, unit and post (teacher, cadre) or relation to the child (guardian),
 * and a mobile number.
 */
public record Helper(String name, String unitOrRelation, MobileNumber phone) {

    public Helper {
        name = Checks.text(name, "name", "帮扶人姓名", Checks.NAME_MAX);
        unitOrRelation = Checks.text(unitOrRelation, "unitOrRelation", "工作单位及职务（家长填与学生关系）", Checks.TEXT_MAX);
        Checks.required(phone, "phone", "联系电话");
    }
}
