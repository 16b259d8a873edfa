package echolab.toolkit.evidence;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * The words of a block's command line that name the tool: the first command of the pipeline, with
 * what only runs it elsewhere set aside ({@code sudo}, {@code timeout 5}, {@code ip netns exec vit001},
 * {@code ./lab hosts exec vit001 --}, {@code ./lab record --log F --}).
 */
final class CommandWords {
    private static final Set<String> RUNNERS = Set.of("sudo", "doas", "nice", "stdbuf", "time", "env");

    private CommandWords() {
    }

    static List<String> of(String commandLine) {
        String first = commandLine.split("\\|")[0].strip();
        var words = new ArrayList<>(Arrays.asList(first.split("\\s+")));
        boolean changed = true;
        while (changed && !words.isEmpty()) {
            changed = false;
            String word = words.getFirst();
            if (RUNNERS.contains(word) || word.contains("=") && !word.startsWith("-")) {
                words.removeFirst();
                changed = true;
            } else if (word.equals("timeout") && words.size() > 1) {
                words.subList(0, 2).clear();
                changed = true;
            } else if (word.equals("ip") && words.size() > 3 && words.get(1).equals("netns") && words.get(2).equals("exec")) {
                words.subList(0, 4).clear();
                changed = true;
            } else if (word.equals("./lab") && words.size() > 1 && (words.get(1).equals("hosts") || words.get(1).equals("record"))
                    && words.contains("--")) {
                words.subList(0, words.indexOf("--") + 1).clear();
                changed = true;
            }
        }
        return words;
    }

    /** The tool's name: the first word without its folder ({@code /usr/bin/tcpdump} is tcpdump). */
    static String tool(String commandLine) {
        List<String> words = of(commandLine);
        if (words.isEmpty()) {
            return "";
        }
        String word = words.getFirst();
        return word.startsWith("./lab") || word.equals("lab") ? "lab" : word.substring(word.lastIndexOf('/') + 1);
    }

    /** For {@code ./lab COMMAND ...}: the command, e.g. {@code capture}; "" otherwise. */
    static String labCommand(String commandLine) {
        List<String> words = of(commandLine);
        return words.size() > 1 && tool(commandLine).equals("lab") ? words.get(1) : "";
    }
}
