package echolab.toolkit.capture;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import echolab.toolkit.capture.Conversation.Side;
import echolab.toolkit.observe.Expect;
import echolab.toolkit.observe.Fact;

/**
 * The rows every capture table has, from one connection's {@link TcpFacts}: each with what the
 * scenario expects of it, or shown for information where the scenario predicts nothing.
 */
final class WireFacts {
    /** Generous for loopback, where the kernel answers a SYN within microseconds. */
    static final long HANDSHAKE_MICROS_AT_MOST = 100_000;

    private final List<Fact> facts = new ArrayList<>();
    private final TcpFacts tcp;

    private WireFacts(TcpFacts tcp) {
        this.tcp = tcp;
    }

    /** The handshake rows, always expected to hold: complete, and quick. */
    static WireFacts of(Conversation connection) {
        var wire = new WireFacts(connection.facts());
        wire.facts.add(Fact.yes("handshake complete", wire.tcp.handshakeComplete(), true));
        long rtt = wire.tcp.handshakeMicros();
        wire.facts.add(Fact.measured("handshake RTT (SYN to ACK)", rtt, rtt < 0 ? "none" : millis(rtt),
                new Expect("≤ " + HANDSHAKE_MICROS_AT_MOST / 1000 + " ms", v -> v >= 0 && v <= HANDSHAKE_MICROS_AT_MOST)));
        return wire;
    }

    /** Who sent the first FIN (null: shown, not expected). */
    WireFacts firstFin(Side expected) {
        facts.add(side("first FIN from", tcp.firstFin(), expected));
        return this;
    }

    /** Data bytes the other side sent after the first FIN; expected to be some (a half-close) or none. */
    WireFacts dataAfterFin(boolean some) {
        long bytes = tcp.bytesAfterFirstFin();
        facts.add(Fact.measured("data after the first FIN", bytes, bytes + " bytes",
                some ? new Expect("> 0", v -> v > 0) : Expect.exactly(0)));
        return this;
    }

    WireFacts reset(Side expected) {
        facts.add(side("RST from", tcp.reset(), expected));
        return this;
    }

    /** Retransmissions: none is expected on loopback. */
    WireFacts noRetransmissions() {
        facts.add(Fact.count("retransmissions", tcp.retransmissions(), Expect.exactly(0)));
        return this;
    }

    /** Retransmissions shown, not expected: a receive buffer too small for what arrives makes the kernel drop segments. */
    WireFacts retransmissionsShown() {
        facts.add(Fact.info("retransmissions", tcp.retransmissions(), Integer.toString(tcp.retransmissions())));
        return this;
    }

    /** Segments advertising a zero window; {@code from} CLIENT expects some from the client, NONE expects none, null shows them. */
    WireFacts zeroWindows(Side from) {
        int count = tcp.zeroWindows();
        String shown = count == 0 ? "0" : count + " (" + tcp.zeroWindowSender().word() + ")";
        Expect expect = from == null ? null : from == Side.NONE ? new Expect("0", v -> v == 0)
                : new Expect("≥ 1 (" + from.word() + ")", v -> v >= 1 && tcp.zeroWindowSender() == from);
        facts.add(new Fact("zero windows", count, shown, expect));
        return this;
    }

    /** Data bytes each way; {@code serverBytes} is expected exactly when not negative. */
    WireFacts bytes(long serverBytes) {
        facts.add(Fact.info("data bytes client → server", tcp.clientBytes(), Long.toString(tcp.clientBytes())));
        facts.add(serverBytes < 0 ? Fact.info("data bytes server → client", tcp.serverBytes(), Long.toString(tcp.serverBytes()))
                : Fact.count("data bytes server → client", tcp.serverBytes(), Expect.exactly(serverBytes)));
        return this;
    }

    List<Fact> facts() {
        return List.copyOf(facts);
    }

    private static Fact side(String name, Side actual, Side expected) {
        return new Fact(name, actual.ordinal(), actual.word(),
                expected == null ? null : new Expect(expected.word(), v -> v == expected.ordinal()));
    }

    static String millis(long micros) {
        return String.format(Locale.ROOT, "%.3f ms", micros / 1000.0);
    }

    /** The facts of a one-connection scenario: {@code expected} applied to its connection's rows, or the miss when it is not there. */
    static List<Fact> ofOnly(List<Conversation> connections, java.util.function.UnaryOperator<WireFacts> expected) {
        return connections.size() == 1 ? expected.apply(of(connections.getFirst())).facts() : missing(1, connections.size());
    }

    /** The facts of a scenario whose connections were not all captured. */
    static List<Fact> missing(int expected, int captured) {
        return List.of(Fact.count("connections captured", captured, Expect.exactly(expected)));
    }
}
