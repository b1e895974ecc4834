package cn.kcbx.access.log;

/** What a user did that is not a case event but must still be attributable. */
public enum AccessAction {
    SIGNED_IN("登录"),
    SIGN_IN_FAILED("登录失败"),
    /** Accounts no longer lock (kept for the entries written before the throttle replaced the lockout). */
    ACCOUNT_LOCKED("账号锁定"),
    SIGN_IN_THROTTLED("登录限速"),
    SIGNED_OUT("退出登录"),
    ACCOUNT_CREATED("创建账号"),
    /** A system administrator made on the server (first administrator, {@code kcbx.security.add-admin}, demo). */
    ADMINISTRATOR_CREATED("创建系统管理员账号"),
    ACCOUNT_CHANGED("修改账号"),
    ACCOUNT_ENABLED("启用账号"),
    ACCOUNT_DISABLED("停用账号"),
    ACCOUNT_UNLOCKED("解除登录限速"),
    PASSWORD_RESET("重置密码"),
    /** An administrator's account change that {@code AccountAdministration} refused (other county, own role ...). */
    ACCOUNT_ADMINISTRATION_REFUSED("账号管理操作被拒绝"),
    PASSWORD_CHANGED("修改密码"),
    PERSONAL_DATA_REVEALED("查看完整个人信息"),
    PERSONAL_DATA_ERASED("删除学生个人信息（密钥销毁）"),
    /** Registering or reopening was refused: the student already has an open case (it may be another county's). */
    DUPLICATE_OPEN_CASE_REFUSED("重复登记被拒（该学生已有未结案件）"),
    LEDGER_EXPORTED("导出台账"),
    /** A list of suspected dropouts (平台比对下发) was uploaded; the detail names the file, batch and row count. */
    LIST_IMPORTED("导入疑似辍学名单"),
    /** The result file of a list import (the rows as uploaded, full ID numbers) was downloaded. */
    LIST_RESULT_DOWNLOADED("下载名单导入结果"),
    /** A county filed (报送) a month's report: it is frozen from then on; the detail holds its SHA-256. */
    MONTHLY_REPORT_FILED("报送月报"),
    INTEGRITY_VERIFIED("核验事件链"),
    CHECKPOINT_SIGNED("签发校验点");

    private final String label;

    AccessAction(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
