package cn.kcbx.kernel.contact;

import cn.kcbx.kernel.InvalidValueException;

/** A mainland China mobile number, stored as 11 digits. {@link #toString()} is masked. */
public record MobileNumber(String value) {

    public MobileNumber {
        if (value == null || value.isBlank()) {
            throw new InvalidValueException("MOBILE_NUMBER_REQUIRED", null, "请填写手机号");
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c != '-' && !Character.isWhitespace(c) && !Character.isSpaceChar(c)) {
                sb.append(c);
            }
        }
        String digits = sb.toString();
        if (digits.startsWith("+86")) {
            digits = digits.substring(3);
        } else if (digits.length() == 13 && digits.startsWith("86")) {
            digits = digits.substring(2);
        }
        if (!digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new InvalidValueException("MOBILE_NUMBER_CHARACTERS", null,
                    "手机号只能由数字组成（仅支持中国大陆手机号），填写的是“" + value.strip() + "”");
        }
        if (digits.length() != 11) {
            throw new InvalidValueException("MOBILE_NUMBER_LENGTH", null,
                    "手机号应为 11 位，填写的是 " + digits.length() + " 位");
        }
        if (digits.charAt(0) != '1' || digits.charAt(1) < '3') {
            throw new InvalidValueException("MOBILE_NUMBER_PREFIX", null,
                    "手机号应以 13–19 开头，填写的是“" + digits + "”");
        }
        value = digits;
    }

    /** First 3 and last 4 digits, e.g. 138****5678. */
    public String masked() {
        return value.substring(0, 3) + "****" + value.substring(7);
    }

    @Override
    public String toString() {
        return masked();
    }
}
