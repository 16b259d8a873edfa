package echolab.toolkit.grade;

import java.util.List;

/** What is wrong with a rubric, each as {@code file:line: what is wrong}. */
public final class RubricException extends Exception {
    private final List<String> problems;

    public RubricException(List<String> problems) {
        super(String.join("\n", problems), null, false, false);
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
