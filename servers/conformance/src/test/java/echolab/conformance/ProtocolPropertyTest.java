package echolab.conformance;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import echolab.core.testing.ServerProcess;

/**
 * Property-based: random conversations (echo text, commands with good and bad arguments, LF and
 * CRLF, binary bytes, lines at and past {@code --max-line}, a tail before the half-close), sent
 * in random chunks, and every byte the server sends back compared with what {@link ProtocolModel}
 * predicts from PROTOCOL.md. A failure is shrunk to the fewest lines and chunks that still fail,
 * and reported with its seed; {@code -Decholab.seed=N} replays a run.
 *
 * <p>A small harness of its own rather than jqwik: jqwik 1.10 asks not to be used by AI coding
 * agents, and this suite is written by one.
 */
@Timeout(120)
class ProtocolPropertyTest {
    private static final SharedServers servers = new SharedServers();
    static final int MAX_LINE = 100;
    private static final int SHRINK_RUNS = 60;

    @AfterAll
    static void stopServers() {
        servers.close();
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void everyReplyIsWhatTheProtocolPredictsByteForByte(Variant variant) throws Exception {
        var server = servers.of(variant, "--max-line", String.valueOf(MAX_LINE));
        long seed = Long.getLong("echolab.seed", new Random().nextLong());
        // A child JVM per conversation costs a few hundred milliseconds: fewer tries there.
        int tries = variant.childPerConnection() ? 20 : 150;
        System.out.println(variant + ": property seed " + seed + ", " + tries + " tries");
        var random = new Random(seed);
        for (int i = 0; i < tries; i++) {
            Conversation conversation = Conversation.random(random);
            String failure = check(server, conversation);
            if (failure != null) {
                Conversation smallest = shrink(server, conversation);
                fail(variant + ", seed " + seed + ", try " + (i + 1) + " of " + tries + " (replay with -Decholab.seed=" + seed
                        + "), shrunk to:\n" + smallest + "\n" + check(server, smallest) + "\nas first found:\n" + failure);
            }
        }
    }

    /** Runs one conversation; null if every byte came back as predicted, else what differed. */
    private static String check(ServerProcess server, Conversation conversation) throws Exception {
        byte[] sent = conversation.bytes();
        byte[] expected = ProtocolModel.replies(sent, MAX_LINE);
        byte[] received;
        try (var client = LineClient.connect(server.port())) {
            var writer = CompletableFuture.runAsync(() -> conversation.send(client),
                    command -> Thread.ofPlatform().daemon().name("conversation").start(command));
            received = readUntilClosed(client);
            writer.get(LineClient.READ_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }
        int at = Arrays.mismatch(expected, received);
        if (at < 0) {
            return null;
        }
        return "first difference at byte " + at + " of " + expected.length + " expected (" + received.length + " received)\n"
                + "  expected: " + Conversation.show(expected, at) + "\n  received: " + Conversation.show(received, at);
    }

    /** What arrived until the server closed; a reset ends it as a close does, and the comparison tells. */
    private static byte[] readUntilClosed(LineClient client) throws IOException {
        var received = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            int n;
            while ((n = client.in().read(buffer)) >= 0) {
                received.write(buffer, 0, n);
            }
        } catch (SocketException reset) {
            received.writeBytes("<reset>".getBytes());
        }
        return received.toByteArray();
    }

    /**
     * Greedy shrinking: drop a line, drop the ending, or send everything in one chunk, as long as
     * the conversation still fails; bounded, since each attempt is a real connection.
     */
    private static Conversation shrink(ServerProcess server, Conversation failing) throws Exception {
        Conversation smallest = failing;
        int runs = 0;
        boolean shrunk = true;
        while (shrunk && runs < SHRINK_RUNS) {
            shrunk = false;
            for (Conversation candidate : smallest.smaller()) {
                if (runs++ >= SHRINK_RUNS) {
                    break;
                }
                if (check(server, candidate) != null) {
                    smallest = candidate;
                    shrunk = true;
                    break;
                }
            }
        }
        return smallest;
    }

    /**
     * A client's side of one conversation: lines (each with its terminator), an ending (a tail
     * without terminator, or a command after which the server closes, or nothing), and the
     * points at which the byte stream is cut into separate writes.
     */
    record Conversation(List<byte[]> lines, byte[] ending, List<Integer> cuts) {
        private static final String[] COMMANDS = {"ping", "help", "sleep 0", "sleep 2", "sleep 007", "spin 1", "spin 0"};
        private static final String[] MALFORMED = {"sleep", "sleep ", "sleep x", "sleep -1", "sleep 60001", "sleep 1.5",
            "sleep  1", "sleep 1 2", "sleep 99999999999", "spin", "spin 10001", "spin x", "stream", "stream -1", "stream x",
            "stream 10 0", "stream 10 x", "stream 1 2 3", "stream 1073741825", "stream 10 1048577"};
        private static final String[] NOT_COMMANDS = {"PING", "Ping", "ping ", " ping", "ping x", "help me", "exit now",
            "quit!", "stats 1", "whoami?", "sleeping", "streams", "poison", "crash", "hang", ""};
        private static final String[] CLOSERS = {"exit", "quit", "stream 3000 7", "stream 1", "stream 0", "stream 2048"};

        static Conversation random(Random random) {
            var lines = new ArrayList<byte[]>();
            int count = random.nextInt(13);
            for (int i = 0; i < count; i++) {
                lines.add(terminated(random, line(random)));
            }
            byte[] ending = switch (random.nextInt(6)) {
                case 0 -> new byte[0];
                case 1 -> tail(random);
                case 2 -> terminated(random, text(CLOSERS[random.nextInt(CLOSERS.length)]));
                case 3 -> terminated(random, filled(random, MAX_LINE + 1 + random.nextInt(4)));
                case 4 -> filled(random, MAX_LINE - 1 + random.nextInt(4));
                default -> terminated(random, text("ping"));
            };
            int length = lines.stream().mapToInt(l -> l.length).sum() + ending.length;
            var cuts = new ArrayList<Integer>();
            if (length > 1) {
                for (int i = random.nextInt(Math.min(length, 12)); i > 0; i--) {
                    cuts.add(1 + random.nextInt(length - 1));
                }
            }
            cuts.sort(null);
            return new Conversation(lines, ending, List.copyOf(cuts.stream().distinct().toList()));
        }

        private static byte[] line(Random random) {
            return switch (random.nextInt(7)) {
                case 0 -> text(COMMANDS[random.nextInt(COMMANDS.length)]);
                case 1 -> text(MALFORMED[random.nextInt(MALFORMED.length)]);
                case 2 -> text(NOT_COMMANDS[random.nextInt(NOT_COMMANDS.length)]);
                case 3 -> binary(random, random.nextInt(40));
                case 4 -> filled(random, MAX_LINE - 2 + random.nextInt(3));
                default -> printable(random, random.nextInt(30));
            };
        }

        /** LF or CRLF; the content never ends in CR, which would make its LF a CRLF. */
        private static byte[] terminated(Random random, byte[] content) {
            boolean crlf = random.nextBoolean();
            byte[] line = Arrays.copyOf(content, content.length + (crlf ? 2 : 1));
            if (crlf) {
                line[content.length] = '\r';
            }
            line[line.length - 1] = '\n';
            return line;
        }

        private static byte[] tail(Random random) {
            return random.nextBoolean() ? printable(random, 1 + random.nextInt(20)) : binary(random, 1 + random.nextInt(20));
        }

        private static byte[] printable(Random random, int length) {
            byte[] bytes = new byte[length];
            for (int i = 0; i < length; i++) {
                bytes[i] = (byte) (' ' + random.nextInt(95));
            }
            return bytes;
        }

        /** Any bytes but LF (NUL, CR inside, non-UTF-8), and no CR at the end. */
        private static byte[] binary(Random random, int length) {
            byte[] bytes = new byte[length];
            for (int i = 0; i < length; i++) {
                do {
                    bytes[i] = (byte) random.nextInt(256);
                } while (bytes[i] == '\n' || (i == length - 1 && bytes[i] == '\r'));
            }
            return bytes;
        }

        /** A line of {@code length} letters: near {@code --max-line}, too long to be a command. */
        private static byte[] filled(Random random, int length) {
            byte[] bytes = new byte[length];
            Arrays.fill(bytes, (byte) ('a' + random.nextInt(26)));
            return bytes;
        }

        private static byte[] text(String text) {
            return text.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        }

        byte[] bytes() {
            var all = new ByteArrayOutputStream();
            lines.forEach(all::writeBytes);
            all.writeBytes(ending);
            return all.toByteArray();
        }

        /** Writes the bytes cut at {@link #cuts}, then half-closes; stops quietly when the server has closed. */
        void send(LineClient client) {
            byte[] bytes = bytes();
            int from = 0;
            try {
                for (int cut : cuts) {
                    client.out().write(bytes, from, cut - from);
                    client.out().flush();
                    from = cut;
                    // A pause now and then, so that the server's reads really see the pieces apart.
                    if ((cut & 3) == 0) {
                        Thread.sleep(1);
                    }
                }
                client.out().write(bytes, from, bytes.length - from);
                client.socket().shutdownOutput();
            } catch (IOException | InterruptedException serverClosedFirst) {
                // After exit, stream or a refused line the server closes while we may still write.
            }
        }

        /** Each one step smaller: without one line, without the ending, in one piece. */
        List<Conversation> smaller() {
            var candidates = new ArrayList<Conversation>();
            for (int i = 0; i < lines.size(); i++) {
                var fewer = new ArrayList<>(lines);
                fewer.remove(i);
                candidates.add(new Conversation(fewer, ending, clip(cuts, fewer, ending)));
            }
            if (ending.length > 0) {
                candidates.add(new Conversation(lines, new byte[0], clip(cuts, lines, new byte[0])));
            }
            if (!cuts.isEmpty()) {
                candidates.add(new Conversation(lines, ending, List.of()));
            }
            return candidates;
        }

        private static List<Integer> clip(List<Integer> cuts, List<byte[]> lines, byte[] ending) {
            int length = lines.stream().mapToInt(l -> l.length).sum() + ending.length;
            return cuts.stream().filter(cut -> cut < length).toList();
        }

        /** A few bytes around {@code at}, as hex and as text. */
        static String show(byte[] bytes, int at) {
            int from = Math.max(0, at - 16);
            int to = Math.min(bytes.length, at + 16);
            byte[] window = Arrays.copyOfRange(bytes, from, to);
            return "[" + from + ".." + to + ") " + HexFormat.ofDelimiter(" ").formatHex(window) + "  " + printableText(window);
        }

        private static String printableText(byte[] bytes) {
            var text = new StringBuilder("\"");
            for (byte b : bytes) {
                text.append(b >= ' ' && b < 127 ? String.valueOf((char) b) : b == '\n' ? "\\n" : b == '\r' ? "\\r" : ".");
            }
            return text.append('"').toString();
        }

        @Override
        public String toString() {
            var text = new StringBuilder();
            for (byte[] line : lines) {
                text.append("  line   ").append(printableText(line)).append('\n');
            }
            text.append("  ending ").append(printableText(ending)).append('\n');
            text.append("  written in ").append(cuts.size() + 1).append(" pieces, cut at ").append(cuts);
            return text.toString();
        }
    }
}
