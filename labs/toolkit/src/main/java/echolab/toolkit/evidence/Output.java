package echolab.toolkit.evidence;

import java.util.ArrayList;
import java.util.List;

/** A block's output as the tools printed it: the lines the user typed into the command ({@code "> "}) left out. */
public final class Output {
    /** The prefix of a line the user typed into the running command, in a lab log. */
    public static final String TYPED = "> ";

    private Output() {
    }

    public static List<String> printed(String output) {
        var lines = new ArrayList<String>();
        for (String line : output.split("\n", -1)) {
            if (!line.startsWith(TYPED)) {
                lines.add(line.endsWith("\r") ? line.substring(0, line.length() - 1) : line);
            }
        }
        return lines;
    }
}
