package cn.kcbx.kernel.region;

import cn.kcbx.kernel.InvalidValueException;

/** A 户籍 or residence location, down to the village, with an optional free-text address. */
public record HouseholdLocation(DivisionCode village, String address) {

    public static final int MAX_ADDRESS_LENGTH = 200;

    public HouseholdLocation {
        if (village == null) {
            throw new InvalidValueException("LOCATION_VILLAGE_REQUIRED", "village", "请选择所在的村（社区）");
        }
        if (village.level() != DivisionCode.Level.VILLAGE) {
            throw new InvalidValueException("LOCATION_NOT_VILLAGE", "village",
                    "地址需要精确到村（社区），“" + village.value() + "”是" + village.level().label() + "级区划代码");
        }
        if (address != null) {
            address = address.strip();
            if (address.isEmpty()) {
                address = null;
            } else {
                int length = address.codePointCount(0, address.length());
                if (length > MAX_ADDRESS_LENGTH) {
                    throw new InvalidValueException("ADDRESS_TOO_LONG", "address",
                            "详细地址不能超过 " + MAX_ADDRESS_LENGTH + " 个字，填写的是 " + length + " 个字");
                }
            }
        }
    }

    public DivisionCode town() {
        return village.parent();
    }

    public DivisionCode county() {
        return village.county();
    }
}
