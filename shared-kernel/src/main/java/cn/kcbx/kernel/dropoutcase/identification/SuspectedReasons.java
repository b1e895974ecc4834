package cn.kcbx.kernel.dropoutcase.identification;

import cn.kcbx.kernel.InvalidValueException;
import cn.kcbx.kernel.dropoutcase.Checks;

import java.util.EnumSet;
import java.util.Set;

/**
 * Why the child is thought to have left school: one primary reason and any number of others. The primary reason is
 * not repeated among the others. A note is required when {@link DropoutReason#OTHER} is among them.
 */
public record SuspectedReasons(DropoutReason primary, Set<DropoutReason> others, String note) {

    public SuspectedReasons {
        Checks.required(primary, "primary", "主要辍学原因");
        EnumSet<DropoutReason> rest = EnumSet.noneOf(DropoutReason.class);
        rest.addAll(Checks.enumSet(others, DropoutReason.class, "others", "其他辍学原因"));
        rest.remove(primary);
        others = Checks.copy(rest, DropoutReason.class);
        note = Checks.optionalText(note, "note", "原因说明", Checks.NOTE_MAX);
        if (note == null && (primary == DropoutReason.OTHER || others.contains(DropoutReason.OTHER))) {
            throw new InvalidValueException("REASON_NOTE_REQUIRED", "note", "辍学原因选择了“其他”，请在原因说明中写明具体原因");
        }
    }

    public static SuspectedReasons of(DropoutReason primary) {
        return new SuspectedReasons(primary, Set.of(), null);
    }
}
