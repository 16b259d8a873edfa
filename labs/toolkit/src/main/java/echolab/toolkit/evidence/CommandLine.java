package echolab.toolkit.evidence;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A command line as a student types it, read the way bash would split it: a pipeline of stages,
 * each a list of words (quotes removed). Enough to tell which tool printed a block's output.
 */
public record CommandLine(List<List<String>> stages) {
    /** Commands that run the next word as the program, with their own options first. */
    private static final Set<String> WRAPPERS = Set.of("sudo", "stdbuf", "timeout", "env", "command", "exec", "time",
            "nice", "nohup", "unbuffer", "doas");
    /** Pipeline stages that keep (some of) the lines of the tool before them as they were. */
    private static final Set<String> LINE_FILTERS = Set.of("grep", "egrep", "fgrep", "head", "tail", "sort", "uniq",
            "cat", "tee", "less", "more");

    public CommandLine {
        stages = stages.stream().map(List::copyOf).toList();
    }

    /** Command lines repeat across the blocks and logs of a class: each is split once. */
    private static final java.util.Map<String, CommandLine> PARSED = new java.util.concurrent.ConcurrentHashMap<>();
    private static final int REMEMBERED = 10_000;
    private static final java.util.Map<String, Pattern> CLASSES = new java.util.concurrent.ConcurrentHashMap<>();
    private static final Pattern ASSIGNMENT = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*=.*");
    private static final Pattern WRAPPER_OPTION = Pattern.compile("-.*|\\d+[smhd]?|[A-Za-z_][A-Za-z0-9_]*=.*");

    /** {@code sudo} and its options ({@code -E}, {@code -u root}, {@code --preserve-env}) at the start of a command line. */
    private static final Pattern SUDO = Pattern.compile("^\\s*sudo(?:\\s+-[A-Za-z]*[ugCDhprT]\\s+\\S+|\\s+-\\S+)*\\s+");

    /**
     * The command line as typed, without a leading {@code sudo} and its options: what a rubric's
     * {@code command} pattern is matched against, so that {@code sudo tcpdump …} is the tcpdump a
     * lab asks for, typed in a session that is not root.
     */
    public static String withoutSudo(String line) {
        Matcher m = SUDO.matcher(line);
        return m.lookingAt() ? line.substring(m.end()) : line;
    }

    public static CommandLine parse(String line) {
        CommandLine parsed = PARSED.get(line);
        if (parsed == null) {
            parsed = split(line);
            if (PARSED.size() > REMEMBERED) {
                PARSED.clear();
            }
            PARSED.put(line, parsed);
        }
        return parsed;
    }

    private static CommandLine split(String line) {
        var stages = new ArrayList<List<String>>();
        var words = new ArrayList<String>();
        var word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else if (c == '\\' && quote == '"' && i + 1 < line.length()) {
                    word.append(line.charAt(++i));
                } else {
                    word.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                inWord = true;
            } else if (c == '\\' && i + 1 < line.length()) {
                word.append(line.charAt(++i));
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                inWord = flush(words, word, inWord);
            } else if (c == '&' && ((!word.isEmpty() && word.charAt(word.length() - 1) == '>')
                    || (i + 1 < line.length() && line.charAt(i + 1) == '>'))) {
                // A redirection such as 2>&1 or &>file, not a separator.
                word.append(c);
                inWord = true;
            } else if (c == '|' || c == ';' || c == '&') {
                inWord = flush(words, word, inWord);
                // '||', '&&' and ';' start another command: only the first pipeline's output is the tool's.
                if (c != '|' || (i + 1 < line.length() && line.charAt(i + 1) == '|')) {
                    stages.add(List.copyOf(words));
                    words.clear();
                    stages.add(List.of(String.valueOf(c)));
                    while (i + 1 < line.length() && (line.charAt(i + 1) == '|' || line.charAt(i + 1) == '&')) {
                        i++;
                    }
                } else {
                    stages.add(List.copyOf(words));
                    words.clear();
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        flush(words, word, inWord);
        stages.add(List.copyOf(words));
        return new CommandLine(stages);
    }

    private static boolean flush(List<String> words, StringBuilder word, boolean inWord) {
        if (inWord) {
            words.add(word.toString());
            word.setLength(0);
        }
        return false;
    }

    /** The words of the first stage from its program on: wrappers such as {@code sudo} and {@code VAR=value} skipped. */
    public List<String> first() {
        return program(stages.isEmpty() ? List.of() : stages.getFirst());
    }

    /** The words of the first pipeline's last stage from its program on: what printed the output when input is piped in. */
    public List<String> last() {
        int end = 0;
        while (end + 1 < stages.size() && !isSeparator(stages.get(end + 1))) {
            end++;
        }
        return program(stages.get(end));
    }

    private static boolean isSeparator(List<String> stage) {
        return stage.size() == 1 && Set.of(";", "&", "|").contains(stage.getFirst());
    }

    /** The program's name (its last path element) of the first stage, or "". */
    public String tool() {
        List<String> words = first();
        return words.isEmpty() ? "" : basename(words.getFirst());
    }

    /**
     * True when the first stage's output reaches the block as lines the tool printed: every later
     * stage is a filter such as {@code grep} or {@code head}, and no other command follows.
     */
    public boolean onlyFiltered() {
        for (int i = 1; i < stages.size(); i++) {
            List<String> words = program(stages.get(i));
            if (words.isEmpty() || !LINE_FILTERS.contains(basename(words.getFirst()))) {
                return false;
            }
        }
        return true;
    }

    /** True when the first stage is {@code ./lab <sub>} (or the toolkit's main class with that command). */
    public boolean isLab(String sub) {
        return isLab(first(), sub);
    }

    /** {@link #isLab} of the first pipeline's last stage ({@code printf 'ping\n' | ./lab client ...}). */
    public boolean lastIsLab(String sub) {
        return isLab(last(), sub);
    }

    private static boolean isLab(List<String> words, String sub) {
        for (int i = 0; i + 1 < words.size(); i++) {
            String word = words.get(i);
            if ((i == 0 && basename(word).equals("lab")) || word.equals("echolab.toolkit.Lab")) {
                return words.get(i + 1).equals(sub);
            }
        }
        return false;
    }

    /** True when a word of the first stage names a main class ending in {@code simpleName} ({@code echolab.x.EchoClient}). */
    public boolean runsClass(String simpleNamePattern) {
        Pattern main = CLASSES.computeIfAbsent(simpleNamePattern, p -> Pattern.compile("echolab\\.[\\w.]*\\.(" + p + ")"));
        return first().stream().anyMatch(w -> w.startsWith("echolab.") && main.matcher(w).matches());
    }

    private static List<String> program(List<String> words) {
        int i = 0;
        while (i < words.size()) {
            String word = words.get(i);
            if (ASSIGNMENT.matcher(word).matches()) {
                i++;
            } else if (WRAPPERS.contains(basename(word))) {
                i++;
                // The wrapper's own options, and timeout's duration.
                while (i < words.size() && WRAPPER_OPTION.matcher(words.get(i)).matches()) {
                    i++;
                }
            } else if (basename(word).equals("ip") && i + 3 < words.size()
                    && words.get(i + 1).equals("netns") && words.get(i + 2).equals("exec")) {
                // ip netns exec HOST CMD: CMD runs on another host, and prints as it would there.
                i += 4;
            } else if (runsAnotherCommand(words, i)) {
                // ./lab hosts exec HOST -- CMD and ./lab record --log FILE -- CMD: the same.
                i = words.subList(i, words.size()).indexOf("--") + i + 1;
            } else {
                break;
            }
        }
        return words.subList(i, words.size());
    }

    private static boolean runsAnotherCommand(List<String> words, int at) {
        return at + 1 < words.size() && basename(words.get(at)).equals("lab")
                && (words.get(at + 1).equals("hosts") || words.get(at + 1).equals("record"))
                && words.subList(at, words.size()).contains("--");
    }

    static String basename(String word) {
        int slash = word.lastIndexOf('/');
        return slash < 0 ? word : word.substring(slash + 1);
    }
}
