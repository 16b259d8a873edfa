package echolab.toolkit.evidence;

import java.util.Set;

/** Turns one tool's output into a {@link Table}: the one parser of that output, for observe and grading alike. */
public interface ToolParser {
    /** The name rubric facts use for this tool's table: {@code ps(...)}, {@code sockets(...)}. */
    String tool();

    /** Whether this parser reads what {@code commandLine} prints (e.g. ps: the pipeline's first word is ps). */
    boolean reads(String commandLine);

    /**
     * The table of {@code output}, which {@code commandLine} printed. Lines starting with
     * {@code "> "} are what the user typed into the command (lab log format), not its output.
     */
    Table parse(String commandLine, String output);

    /**
     * Whether {@code output} looks like this tool's, as {@link Table#recognised()} says, for a
     * grader that wants only that: a parser that can tell sooner than a whole parse overrides it.
     */
    default boolean recognises(String commandLine, String output) {
        return parse(commandLine, output).recognised();
    }

    /** The fields its rows may have, for checking a rubric; empty when the tool's rows carry any field. */
    default Set<String> fields() {
        return Set.of();
    }

    /** The field an alias stands for ({@code state} for ps's {@code stat}); the name itself when it is none. */
    default String canonical(String field) {
        return field;
    }
}
