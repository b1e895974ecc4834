package cn.kcbx.kernel.dropoutcase.identification;

/** Priority family and child categories that the ledgers count separately (docs/domain.md §6). */
public enum PriorityCategory {
    LIFTED_OUT_OF_POVERTY("脱贫户"),
    UNSTABLE_LIFTED_OUT_OF_POVERTY("脱贫不稳定户"),
    MARGINAL_AT_RISK_OF_POVERTY("边缘易致贫户"),
    SUDDEN_SEVERE_HARDSHIP("突发严重困难户"),
    MINIMUM_LIVING_ALLOWANCE("低保"),
    NEAR_MINIMUM_LIVING_ALLOWANCE("低保边缘"),
    EXTREME_POVERTY_SUPPORT("特困供养"),
    ORPHAN("孤儿"),
    DE_FACTO_UNSUPPORTED_CHILD("事实无人抚养儿童"),
    MARTYR_CHILD("烈士子女"),
    DISABLED_CHILD("残疾儿童"),
    CHILD_OF_DISABLED_PARENT("残疾人子女"),
    LEFT_BEHIND_CHILD("留守儿童"),
    CHILD_IN_DIFFICULTY("困境儿童"),
    MIGRANT_CHILD("随迁子女"),
    OTHER("其他");

    private final String label;

    PriorityCategory(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** The three monitored household kinds (三类监测户). */
    public boolean isMonitoredHousehold() {
        return this == UNSTABLE_LIFTED_OUT_OF_POVERTY || this == MARGINAL_AT_RISK_OF_POVERTY
                || this == SUDDEN_SEVERE_HARDSHIP;
    }
}
