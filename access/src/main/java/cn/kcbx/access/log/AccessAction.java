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
    ACCOUNT_CHANGED("修改账号"),
    ACCOUNT_ENABLED("启用账号"),
    ACCOUNT_DISABLED("停用账号"),
    ACCOUNT_UNLOCKED("解除登录限速"),
    PASSWORD_RESET("重置密码"),
    PASSWORD_CHANGED("修改密码"),
    PERSONAL_DATA_REVEALED("查看完整个人信息"),
    PERSONAL_DATA_ERASED("删除学生个人信息（密钥销毁）"),
    LEDGER_EXPORTED("导出台账"),
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
