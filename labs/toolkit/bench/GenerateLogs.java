import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Makes a class of lab logs for the grading benchmark from one recorded log: each student's log
 * repeats the recorded Observations until it reaches the size asked for, every stamp shifted (a
 * day per student, ten minutes per repetition) so that no two logs share evidence and end stamps
 * still never go backwards.
 *
 *   java labs/toolkit/bench/GenerateLogs.java lab-logs/example-sequential-vs-virtual.md /tmp/class 500 100
 *   time ./lab grade --rubric lab-logs/rubric.yaml /tmp/class/*.md > /dev/null
 */
public class GenerateLogs {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd, HH:mm:ss");
    private static final Pattern STAMPED = Pattern.compile("\\[(ended )?(\\d{4}-\\d{2}-\\d{2}, \\d{2}:\\d{2}:\\d{2})");

    public static void main(String[] args) throws IOException {
        if (args.length != 4) {
            System.err.println("usage: java GenerateLogs.java RECORDED-LOG OUT-DIR COUNT KB");
            System.exit(2);
        }
        String log = Files.readString(Path.of(args[0]), StandardCharsets.UTF_8);
        Path out = Files.createDirectories(Path.of(args[1]));
        int count = Integer.parseInt(args[2]);
        int bytes = Integer.parseInt(args[3]) * 1024;
        int from = log.indexOf("## 2. Observations");
        int to = log.indexOf("## 3. Answers");
        String head = log.substring(0, from);
        String observations = log.substring(from, to);
        String tail = log.substring(to);
        for (int student = 1; student <= count; student++) {
            var text = new StringBuilder(head.replaceFirst("Name: [^\\n]*?(\\s{2,}|$)", "Name: Student " + student + "$1"));
            for (int repetition = 0; text.length() < bytes; repetition++) {
                String part = repetition == 0 ? observations : observations.substring(observations.indexOf('\n') + 1);
                text.append(shift(part, student, repetition));
            }
            text.append(tail);
            Files.writeString(out.resolve(String.format("student-%03d.md", student)), text, StandardCharsets.UTF_8);
        }
    }

    private static String shift(String text, int student, int repetition) {
        Matcher m = STAMPED.matcher(text);
        var out = new StringBuilder();
        while (m.find()) {
            LocalDateTime at = LocalDateTime.parse(m.group(2), STAMP).plusDays(student).plusMinutes(10L * repetition);
            m.appendReplacement(out, Matcher.quoteReplacement("[" + (m.group(1) == null ? "" : m.group(1)) + STAMP.format(at)));
        }
        return m.appendTail(out).toString();
    }
}
