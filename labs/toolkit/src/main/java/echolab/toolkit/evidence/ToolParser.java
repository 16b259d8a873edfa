package echolab.toolkit.evidence;

/** Reads one tool's output into a {@link Table}. */
public interface ToolParser {
    /** The name rubric facts use, e.g. {@code tcpdump} in {@code tcpdump(flags ~ "F")}. */
    String tool();

    /** Whether this parser reads what {@code commandLine} prints. */
    boolean reads(String commandLine);

    Table parse(String commandLine, String output);
}
