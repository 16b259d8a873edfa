package echolab.toolkit.evidence;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a server answered, as {@code ./lab client}, {@code nc}, {@code telnet} or {@code socat}
 * showed it: a row per reply line with {@code n} (its number), {@code reply}, {@code sent} (the
 * typed line it answers, when the block has {@code > } lines), and the {@code key=value} fields
 * of a {@code whoami} or {@code stats} reply. The client's notes in parentheses and telnet's
 * banner are not replies, nor what a client's JVM says of itself as it starts (the options it
 * picked up from the environment, its warnings), which can come after the first typed line;
 * {@code timeout!} and {@code pipe!} are replies.
 */
public final class RepliesParser implements ToolParser {
    private static final Set<String> CLIENTS = Set.of("nc", "ncat", "netcat", "telnet", "socat");
    private static final Pattern PAIR = Pattern.compile("(?:^|\\s)([a-z_]+)=(\\S+)");
    private static final Pattern NOTICE = Pattern.compile(
            "^\\(.*\\)$|^Trying .*\\.\\.\\.$|^Connected to .*|^Escape character is .*|^Connection closed by foreign host\\.$"
                    + "|^Connection to .* succeeded!$"
                    + "|^Picked up (?:JAVA_TOOL_OPTIONS|_JAVA_OPTIONS|JDK_JAVA_OPTIONS): |^\\S+ 64-Bit Server VM warning: "
                    + "|^\\[\\d+\\.\\d+s\\]\\[(?:warning|error) *\\]"
                    + "|^WARNING: (?:A restricted method|Restricted methods|Use --enable-native-access|A terminally deprecated"
                    + "|sun\\.misc\\.Unsafe|Please consider reporting)");

    @Override
    public String tool() {
        return "replies";
    }

    @Override
    public boolean reads(String commandLine) {
        CommandLine line = CommandLine.parse(commandLine);
        // A client's input may be piped in: what it printed is the pipeline's last stage's.
        List<String> last = line.last();
        return CLIENTS.contains(line.tool()) || !last.isEmpty() && CLIENTS.contains(CommandLine.basename(last.getFirst()))
                || line.isLab("client") || line.lastIsLab("client") || line.runsClass("EchoClient")
                || last.stream().anyMatch(w -> w.endsWith(".EchoClient"));
    }

    @Override
    public Table parse(String commandLine, String output) {
        var rows = new ArrayList<Row>();
        String sent = null;
        for (String raw : output.split("\n", -1)) {
            String line = raw.endsWith("\r") ? raw.substring(0, raw.length() - 1) : raw;
            if (line.startsWith(Output.TYPED)) {
                sent = line.substring(Output.TYPED.length());
                continue;
            }
            if (line.isEmpty() || NOTICE.matcher(line.strip()).find()) {
                continue;
            }
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("n", (long) rows.size() + 1);
            fields.put("reply", line);
            if (sent != null) {
                fields.put("sent", sent);
            }
            Matcher m = PAIR.matcher(line);
            while (m.find()) {
                fields.putIfAbsent(m.group(1), Row.value(m.group(2)));
            }
            rows.add(new Row(fields));
        }
        return Table.of(tool(), rows);
    }
}
