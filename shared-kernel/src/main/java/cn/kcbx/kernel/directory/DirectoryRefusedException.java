package cn.kcbx.kernel.directory;

import java.util.List;

/** A directory change refused as a whole, with every reason (each bad row of a file). Nothing was recorded. */
public final class DirectoryRefusedException extends RuntimeException {

    private final transient List<DirectoryPlan.Problem> problems;

    public DirectoryRefusedException(List<DirectoryPlan.Problem> problems) {
        super(problems.size() + " problem(s) in a unit directory change");
        this.problems = List.copyOf(problems);
    }

    public List<DirectoryPlan.Problem> problems() {
        return problems;
    }
}
