package cn.kcbx.kernel.dropoutcase.closure;

import cn.kcbx.kernel.InvalidValueException;
import cn.kcbx.kernel.dropoutcase.Checks;

/** Shape rules shared by the two commands that close a case with a category (verification and closure). */
public final class Closings {

    private Closings() {
    }

    /** The stripped note; required for {@link ClosingCategory#OTHER}. */
    public static String note(ClosingCategory category, String note) {
        String stripped = Checks.optionalText(note, "note", "结案说明", Checks.NOTE_MAX);
        if (stripped == null && category.requiresNote()) {
            throw new InvalidValueException("CLOSING_NOTE_REQUIRED", "note", "结案类别选择了“其他”，请在结案说明中写明具体情况");
        }
        return stripped;
    }
}
