package cn.kcbx.query.web;

/** The user behind a request: who, in which role, for which unit (division or school code). */
public record Actor(String userId, Role role, String unitCode) {

    /** The roles of the county's dropout-prevention work, as in the case service. */
    public enum Role {
        VILLAGE("村级"), SCHOOL("学校"), TOWN("乡镇"), COUNTY("县级"), ADMIN("系统管理员");

        private final String label;

        Role(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }
}
