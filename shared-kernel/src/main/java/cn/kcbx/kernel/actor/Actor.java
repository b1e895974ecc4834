package cn.kcbx.kernel.actor;

/**
 * The user behind a command or a query: who (user id), in which role and for which unit (a division code of a
 * village, town or county, or a school code). Every event records it.
 */
public record Actor(String userId, Role role, String unitCode) {

    /** The roles of the county's dropout-prevention work (docs/domain.md §7). */
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
