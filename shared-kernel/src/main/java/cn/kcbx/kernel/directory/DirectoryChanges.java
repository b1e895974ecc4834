package cn.kcbx.kernel.directory;

import java.util.List;

/** What a directory command changed: how many units were added, changed and retired (all 0: nothing to do). */
public record DirectoryChanges(int added, int changed, int retired) {

    public static DirectoryChanges of(List<DirectoryEvent> changes) {
        return new DirectoryChanges((int) changes.stream().filter(UnitAdded.class::isInstance).count(),
                                    (int) changes.stream().filter(UnitChanged.class::isInstance).count(),
                                    (int) changes.stream().filter(UnitRetired.class::isInstance).count());
    }

    public boolean none() {
        return added + changed + retired == 0;
    }
}
