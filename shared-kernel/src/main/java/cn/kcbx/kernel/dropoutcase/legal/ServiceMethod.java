package cn.kcbx.kernel.dropoutcase.legal;

/** How a legal document was served (送达方式). */
public enum ServiceMethod {
    IN_PERSON("直接送达"),
    LEFT_AT_RESIDENCE("留置送达"),
    BY_POST("邮寄送达"),
    BY_PUBLIC_NOTICE("公告送达");

    private final String label;

    ServiceMethod(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
