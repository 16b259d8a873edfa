package echolab.toolkit.capture;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import echolab.toolkit.capture.Segment.Endpoint;

/**
 * The segments of one TCP connection, both ways, with the client told from the server (the side that
 * sent the first SYN) and sequence numbers made relative to each side's first one, as Wireshark does.
 */
public final class Conversation {
    /** Who sent something: the connection's client, its server, or nobody. */
    public enum Side {
        CLIENT, SERVER, NONE;

        public String word() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private static final long MOD = 1L << 32;

    private final Endpoint client;
    private final Endpoint server;
    private final List<Segment> segments = new ArrayList<>();

    private Conversation(Endpoint client, Endpoint server) {
        this.client = client;
        this.server = server;
    }

    /**
     * Splits {@code segments} into connections, in the order each began. {@code serverPort} tells the
     * server's side when a connection's SYN was not captured (0 when unknown: the higher port is the client's).
     */
    public static List<Conversation> of(List<Segment> segments, int serverPort) {
        Map<Set<Endpoint>, Conversation> open = new LinkedHashMap<>();
        var all = new ArrayList<Conversation>();
        for (Segment segment : segments) {
            Set<Endpoint> key = Set.of(segment.source(), segment.destination());
            Conversation current = open.get(key);
            boolean opening = segment.has(Segment.SYN) && !segment.has(Segment.ACK);
            if (current == null || opening && current.startedAgainBy(segment)) {
                current = opening ? new Conversation(segment.source(), segment.destination())
                        : guessed(segment, serverPort);
                open.put(key, current);
                all.add(current);
            }
            current.segments.add(segment);
        }
        return all;
    }

    private static Conversation guessed(Segment segment, int serverPort) {
        Endpoint source = segment.source();
        Endpoint destination = segment.destination();
        boolean sourceIsServer = serverPort > 0 ? source.port() == serverPort : source.port() < destination.port();
        return sourceIsServer ? new Conversation(destination, source) : new Conversation(source, destination);
    }

    /** A new SYN on the same addresses and ports: a new connection once this one has begun with another. */
    private boolean startedAgainBy(Segment syn) {
        return segments.stream().anyMatch(s -> s.has(Segment.SYN) && !s.has(Segment.ACK) && s.seq() != syn.seq());
    }

    public Endpoint client() {
        return client;
    }

    public Endpoint server() {
        return server;
    }

    public List<Segment> segments() {
        return List.copyOf(segments);
    }

    public boolean fromClient(Segment segment) {
        return segment.source().equals(client);
    }

    public Side sender(Segment segment) {
        return fromClient(segment) ? Side.CLIENT : Side.SERVER;
    }

    /** The sequence number relative to the sender's first (its SYN's, when captured). */
    public long relativeSeq(Segment segment) {
        return Math.floorMod(segment.seq() - base(sender(segment)), MOD);
    }

    /** The acknowledgement relative to the receiver's first sequence number; 0 without the ACK flag. */
    public long relativeAck(Segment segment) {
        if (!segment.has(Segment.ACK)) {
            return 0;
        }
        Side receiver = sender(segment) == Side.CLIENT ? Side.SERVER : Side.CLIENT;
        return Math.floorMod(segment.ack() - base(receiver), MOD);
    }

    private long base(Side side) {
        for (Segment segment : segments) {
            if (sender(segment) == side) {
                return segment.seq();
            }
        }
        // That side sent nothing captured: the first acknowledgement of it stands for its start.
        for (Segment segment : segments) {
            if (sender(segment) != side && segment.has(Segment.ACK)) {
                return segment.ack();
            }
        }
        return 0;
    }

    /** Frames that resend sequence space already sent (keep-alives and zero-window probes aside). */
    public Set<Integer> retransmissions() {
        var resent = new HashSet<Integer>();
        Map<Side, Long> next = new LinkedHashMap<>();
        for (Segment segment : segments) {
            if (segment.length() == 0 || segment.has(Segment.RST)) {
                continue;
            }
            Side side = sender(segment);
            long start = relativeSeq(segment);
            long end = start + segment.length();
            Long sent = next.get(side);
            boolean probe = segment.payload() <= 1 && !segment.has(Segment.SYN) && !segment.has(Segment.FIN)
                    && sent != null && start == sent - 1;
            if (sent != null && end <= sent && !probe) {
                resent.add(segment.frame());
            }
            next.merge(side, end, Math::max);
        }
        return resent;
    }

    /** Ended on the wire: reset, or both FINs sent and the second one acknowledged. */
    public boolean ended() {
        Segment secondFin = null;
        var finished = new HashSet<Side>();
        for (Segment segment : segments) {
            if (segment.has(Segment.RST)) {
                return true;
            }
            if (secondFin != null && sender(segment) != sender(secondFin) && segment.has(Segment.ACK)) {
                return true;
            }
            if (segment.has(Segment.FIN) && finished.add(sender(segment)) && finished.size() == 2) {
                secondFin = segment;
            }
        }
        return false;
    }

    public TcpFacts facts() {
        return TcpFacts.of(this);
    }

    /** Every segment of {@code conversations}, in capture order. */
    static List<Segment> merged(List<Conversation> conversations) {
        return conversations.stream().flatMap(c -> c.segments.stream())
                .sorted(Comparator.comparingInt(Segment::frame)).toList();
    }
}
