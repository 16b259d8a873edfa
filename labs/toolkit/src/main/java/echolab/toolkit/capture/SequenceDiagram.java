package echolab.toolkit.capture;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A capture drawn for a person: client on the left, server on the right, one arrow per segment
 * with its flags, relative sequence and acknowledgement numbers and payload length, and the time
 * since the first SYN, as Wireshark's flow graph or {@code tshark -z flow,tcp,standard} draw it.
 */
public final class SequenceDiagram {
    private static final int ARROW = 58;
    private static final String MARGIN = " ".repeat(11);

    private SequenceDiagram() {
    }

    /** Draws {@code conversations} (several share the diagram, told apart by #1, #2 ...); {@code most} segments at most, 0 for all. */
    public static String render(List<Conversation> conversations, int most) {
        if (conversations.isEmpty()) {
            return MARGIN + "(no TCP segment captured)\n";
        }
        boolean several = conversations.size() > 1;
        var text = new StringBuilder();
        String servers = conversations.stream().map(c -> c.server().toString()).distinct().collect(Collectors.joining(", "));
        for (int i = 0; i < conversations.size(); i++) {
            String client = (several ? "#" + (i + 1) + " " : "") + "client " + conversations.get(i).client();
            String right = i == 0 ? "server " + servers : "";
            text.append(String.format("%-11s%-" + (ARROW + 2 - right.length()) + "s%s", i == 0 ? "   ms" : "", client, right)
                    .stripTrailing()).append('\n');
        }
        List<Segment> all = Conversation.merged(conversations);
        long start = all.stream().filter(s -> s.has(Segment.SYN)).mapToLong(Segment::micros).min()
                .orElse(all.getFirst().micros());
        var lines = new ArrayList<String>();
        for (Segment segment : all) {
            Conversation conversation = conversations.stream().filter(c -> c.segments().contains(segment)).findFirst().orElseThrow();
            String prefix = several ? "#" + (conversations.indexOf(conversation) + 1) + " " : "";
            lines.add(line(segment, conversation, conversation.retransmissions(), prefix, start));
        }
        if (most > 0 && lines.size() > most) {
            int head = most * 2 / 3;
            int tail = most - head;
            int hidden = lines.size() - head - tail;
            var shortened = new ArrayList<>(lines.subList(0, head));
            shortened.add(MARGIN + " ".repeat(ARROW / 2 - 10) + "... " + hidden + " segments not shown (--full shows all)");
            shortened.addAll(lines.subList(lines.size() - tail, lines.size()));
            lines = shortened;
        }
        lines.forEach(line -> text.append(line).append('\n'));
        return text.toString();
    }

    private static String line(Segment segment, Conversation conversation, Set<Integer> retransmitted, String prefix, long start) {
        var label = new StringBuilder(prefix).append(segment.flagWords())
                .append("  seq=").append(conversation.relativeSeq(segment));
        if (segment.has(Segment.ACK)) {
            label.append(" ack=").append(conversation.relativeAck(segment));
        }
        if (segment.window() == 0 && !segment.has(Segment.RST)) {
            label.append(" win=0");
        }
        label.append(" len=").append(segment.payload());
        if (retransmitted.contains(segment.frame())) {
            label.append(" (retransmission)");
        }
        String words = " " + label + " ";
        int dashes = Math.max(2, ARROW - words.length() - 1);
        int left = dashes / 2;
        int right = dashes - left;
        String arrow = conversation.fromClient(segment)
                ? "-".repeat(left) + words + "-".repeat(right) + ">"
                : "<" + "-".repeat(left) + words + "-".repeat(right);
        String time = String.format(Locale.ROOT, "%9.3f  ", (segment.micros() - start) / 1000.0);
        return time + "|" + arrow + "|";
    }
}
