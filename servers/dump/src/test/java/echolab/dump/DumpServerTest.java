package echolab.dump;

import static echolab.dump.DumpProcess.WAIT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import echolab.core.testing.JavaCommand;
import echolab.core.testing.SocketsShown;

/** The dump server as a student runs it: a real process, real clients on loopback, the console on a pipe. */
class DumpServerTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final int SOCKET_TIMEOUT_MILLIS = 5_000;

    private static Socket connect(int port) throws Exception {
        var socket = new Socket();
        socket.connect(new InetSocketAddress(LOOPBACK, port), SOCKET_TIMEOUT_MILLIS);
        socket.setSoTimeout(SOCKET_TIMEOUT_MILLIS);
        return socket;
    }

    private static byte[] readExactly(InputStream in, int count) throws Exception {
        byte[] data = in.readNBytes(count);
        assertEquals(count, data.length, "bytes before EOF");
        return data;
    }

    @Test
    @Timeout(60)
    void tcpClientSeesItsBytesDumpedAndReceivesWhatIsTyped() throws Exception {
        try (var dump = DumpProcess.start(); var socket = connect(dump.tcpPort())) {
            String name = "127.0.0.1:" + socket.getLocalPort();
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            dump.awaitLine("tcp 1 connected from " + name, WAIT);

            out.write("hello\n".getBytes(StandardCharsets.UTF_8));
            dump.awaitLine("tcp 1 " + name + " in 6 bytes: \"hello\\n\"", WAIT);

            int mark = dump.mark();
            out.write(new byte[] {0, 1, 2, (byte) 0xff, 'A'});
            List<String> dumped = dump.linesUntil(mark, line -> line.contains("|....A|"));
            assertEquals(List.of("tcp 1 " + name + " in 5 bytes:",
                    "  00000000  00 01 02 ff 41                                    |....A|"), dumped);

            dump.type("send tcp 1 hi there");
            assertEquals("hi there\n", new String(readExactly(in, 9), StandardCharsets.UTF_8));
            dump.awaitLine("tcp 1 " + name + " out 9 bytes: \"hi there\\n\"", WAIT);

            dump.type("sendb tcp 1 00 ff 0a");
            assertArrayEquals(new byte[] {0, (byte) 0xff, '\n'}, readExactly(in, 3));

            mark = dump.mark();
            dump.type("sendb tcp 1 xyz");
            assertTrue(dump.awaitLine(mark, line -> line.startsWith("error:")).contains("not hex"));

            mark = dump.mark();
            dump.type("list");
            assertEquals(List.of("tcp: 1 client"), dump.linesUntil(mark, line -> line.startsWith("tcp:")).reversed().subList(0, 1));
            String row = dump.awaitLine(mark, line -> line.contains(name));
            assertTrue(row.matches("\\s+1\\s+" + name + "\\s+since \\d\\d:\\d\\d:\\d\\d\\s+in 11\\s+out 12"), row);

            // From a pipe, each command's output comes before the next command runs: close, then list.
            dump.awaitLine(mark, line -> line.startsWith("ws: "));
            mark = dump.mark();
            dump.type("close tcp 1\nlist");
            assertEquals(-1, in.read(), "the console closed the connection");
            assertEquals(List.of("tcp 1 disconnected: " + name + " (closed by console)", "tcp: no clients"),
                    dump.linesUntil(mark, line -> line.startsWith("tcp: ")));
        }
    }

    @Test
    @Timeout(60)
    void listensOnIpv4SocketsForIpv4AddressesAndIpv6ForIpv6() throws Exception {
        try (var dump = DumpProcess.start()) {
            assertTrue(SocketsShown.ipv4(dump.tcpPort()).stream().anyMatch(l -> l.matches("tcp\\s+LISTEN\\s.*127\\.0\\.0\\.1:" + dump.tcpPort() + "\\s.*")),
                    "ss -4 shows the TCP listener");
            assertTrue(SocketsShown.ipv4(dump.udpPort()).stream().anyMatch(l -> l.matches("udp\\s.*127\\.0\\.0\\.1:" + dump.udpPort() + "\\s.*")),
                    "ss -4 shows the UDP socket");
            assertTrue(SocketsShown.ipv4(dump.wsPort()).stream().anyMatch(l -> l.matches("tcp\\s+LISTEN\\s.*127\\.0\\.0\\.1:" + dump.wsPort() + "\\s.*")),
                    "ss -4 shows the WebSocket listener");
            for (int port : new int[] {dump.tcpPort(), dump.udpPort(), dump.wsPort()}) {
                assertEquals(List.of(), SocketsShown.ipv6(port), "nothing IPv6 on " + port);
            }
        }
        try (var dump = DumpProcess.start("--tcp-addr", "::1", "--no-udp", "--no-ws")) {
            assertEquals(1, SocketsShown.ipv6(dump.tcpPort()).size(), "--tcp-addr ::1 listens on IPv6");
            try (var socket = new Socket()) {
                socket.connect(new InetSocketAddress("::1", dump.tcpPort()), SOCKET_TIMEOUT_MILLIS);
                dump.awaitLine("tcp 1 connected from [0:0:0:0:0:0:0:1]:" + socket.getLocalPort(), WAIT);
            }
        }
    }

    @Test
    @Timeout(60)
    void udpSendersAreNumberedByAddressAndAnsweredWithDatagrams() throws Exception {
        try (var dump = DumpProcess.start();
             var first = new DatagramSocket(0, LOOPBACK);
             var second = new DatagramSocket(0, LOOPBACK)) {
            first.setSoTimeout(SOCKET_TIMEOUT_MILLIS);
            second.setSoTimeout(SOCKET_TIMEOUT_MILLIS);
            var server = new InetSocketAddress(LOOPBACK, dump.udpPort());
            String firstName = "127.0.0.1:" + first.getLocalPort();

            send(first, server, "ping".getBytes(StandardCharsets.UTF_8));
            dump.awaitLine("udp 1 new sender " + firstName, WAIT);
            dump.awaitLine("udp 1 " + firstName + " in 4 bytes: \"ping\"", WAIT);
            send(first, server, new byte[] {0x00, 0x10, (byte) 0x80});
            dump.awaitLine("  00000000  00 10 80  ", WAIT);
            send(second, server, "other".getBytes(StandardCharsets.UTF_8));
            dump.awaitLine("udp 2 new sender 127.0.0.1:" + second.getLocalPort(), WAIT);

            dump.type("send udp 1 pong");
            assertArrayEquals("pong".getBytes(StandardCharsets.UTF_8), receive(first), "no newline added for UDP");
            dump.type("sendb udp 2 cafe");
            assertArrayEquals(new byte[] {(byte) 0xca, (byte) 0xfe}, receive(second));

            dump.type("close udp 1");
            dump.awaitLine("udp 1 forgotten: " + firstName + " (closed by console)", WAIT);
            send(first, server, "again".getBytes(StandardCharsets.UTF_8));
            dump.awaitLine("udp 3 new sender " + firstName, WAIT);
        }
    }

    @Test
    @Timeout(60)
    void webSocketTextAndBinaryFramesAreToldApartAndAnswered() throws Exception {
        try (var dump = DumpProcess.start(); var http = HttpClient.newHttpClient()) {
            var listener = new CollectingListener();
            WebSocket ws = http.newWebSocketBuilder().connectTimeout(WAIT)
                    .buildAsync(URI.create("ws://127.0.0.1:" + dump.wsPort() + "/chat?room=1"), listener)
                    .get(WAIT.toSeconds(), TimeUnit.SECONDS);
            String line = dump.awaitLine("ws 1 connected from 127.0.0.1:", WAIT);
            assertTrue(line.endsWith(":/chat?room=1"), line);
            String name = line.substring("ws 1 connected from ".length());

            ws.sendText("hello ws", true).get(WAIT.toSeconds(), TimeUnit.SECONDS);
            dump.awaitLine("ws 1 " + name + " in text frame, 8 bytes: \"hello ws\"", WAIT);
            ws.sendBinary(ByteBuffer.wrap("abc".getBytes(StandardCharsets.UTF_8)), true).get(WAIT.toSeconds(), TimeUnit.SECONDS);
            dump.awaitLine("ws 1 " + name + " in binary frame, 3 bytes: \"abc\"", WAIT);
            int mark = dump.mark();
            ws.sendBinary(ByteBuffer.wrap(new byte[] {1, 2, 3}), true).get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertEquals(List.of("ws 1 " + name + " in binary frame, 3 bytes:",
                            "  00000000  01 02 03                                          |...|"),
                    dump.linesUntil(mark, l -> l.contains("|...|")));

            dump.type("send ws 1 hi there");
            assertEquals("hi there", listener.messages.poll(WAIT.toSeconds(), TimeUnit.SECONDS));
            dump.type("sendb ws 1 00ff");
            assertArrayEquals(new byte[] {0, (byte) 0xff}, (byte[]) listener.messages.poll(WAIT.toSeconds(), TimeUnit.SECONDS));

            dump.type("close ws 1");
            assertEquals(1000, listener.closed.get(WAIT.toSeconds(), TimeUnit.SECONDS));
            dump.awaitLine("ws 1 disconnected: " + name + " (closed by console, code 1000", WAIT);
        }
    }

    @Test
    @Timeout(90)
    void manyClientsOnAllThreeProtocolsAtOnceAreEachDumpedAndAnswered() throws Exception {
        int perProtocol = 12;
        var tcp = new ArrayList<Socket>();
        var udp = new ArrayList<DatagramSocket>();
        var ws = new ArrayList<WebSocket>();
        var wsListeners = new ArrayList<CollectingListener>();
        try (var dump = DumpProcess.start("--json"); var http = HttpClient.newHttpClient()) {
            try {
                var server = new InetSocketAddress(LOOPBACK, dump.udpPort());
                for (int i = 0; i < perProtocol; i++) {
                    tcp.add(connect(dump.tcpPort()));
                    var datagrams = new DatagramSocket(0, LOOPBACK);
                    datagrams.setSoTimeout(SOCKET_TIMEOUT_MILLIS);
                    udp.add(datagrams);
                    var listener = new CollectingListener();
                    wsListeners.add(listener);
                    ws.add(http.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + dump.wsPort() + "/n" + i), listener)
                            .get(WAIT.toSeconds(), TimeUnit.SECONDS));
                }
                for (int i = 0; i < perProtocol; i++) {
                    tcp.get(i).getOutputStream().write(("tcp says " + i + "\n").getBytes(StandardCharsets.UTF_8));
                    send(udp.get(i), server, ("udp says " + i).getBytes(StandardCharsets.UTF_8));
                    ws.get(i).sendText("ws says " + i, true);
                }
                for (int i = 0; i < perProtocol; i++) {
                    for (String text : List.of("tcp says " + i + "\\n", "udp says " + i, "ws says " + i)) {
                        dump.awaitLine("\"text\":\"" + text + "\"}", WAIT);
                    }
                }
                // Every client is numbered in order of arrival; each is answered through its own number.
                for (int n = 1; n <= perProtocol; n++) {
                    dump.type("send tcp " + n + " to tcp " + n);
                    dump.type("send udp " + n + " to udp " + n);
                    dump.type("send ws " + n + " to ws " + n);
                }
                var tcpReplies = new HashSet<String>();
                for (Socket socket : tcp) {
                    tcpReplies.add(new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8)).readLine());
                }
                var udpReplies = new HashSet<String>();
                for (DatagramSocket socket : udp) {
                    udpReplies.add(new String(receive(socket), StandardCharsets.UTF_8));
                }
                var wsReplies = new HashSet<String>();
                for (CollectingListener listener : wsListeners) {
                    wsReplies.add((String) listener.messages.poll(WAIT.toSeconds(), TimeUnit.SECONDS));
                }
                for (int n = 1; n <= perProtocol; n++) {
                    assertTrue(tcpReplies.contains("to tcp " + n), tcpReplies.toString());
                    assertTrue(udpReplies.contains("to udp " + n), udpReplies.toString());
                    assertTrue(wsReplies.contains("to ws " + n), wsReplies.toString());
                }
            } finally {
                for (Socket socket : tcp) {
                    socket.close();
                }
                for (DatagramSocket socket : udp) {
                    socket.close();
                }
                // HttpClient.close() waits for open WebSockets: abort them first.
                ws.forEach(WebSocket::abort);
                http.shutdownNow();
            }
        }
    }

    @Test
    @Timeout(60)
    void badCommandsGetOneErrorLineEachAndTheConsoleGoesOn() throws Exception {
        try (var dump = DumpProcess.start()) {
            List<String> bad = List.of("frobnicate", "send tcp 7 hello", "send smtp 1 hello", "close tcp one", "send", "sendb tcp 1");
            int mark = dump.mark();
            for (String command : bad) {
                dump.type(command);
            }
            dump.type("help");
            List<String> replies = dump.linesUntil(mark, line -> line.startsWith("commands"));
            assertEquals(bad.size() + 1, replies.size(), String.join("\n", replies));
            assertTrue(replies.subList(0, bad.size()).stream().allMatch(line -> line.startsWith("error: ")), String.join("\n", replies));
        }
    }

    @Test
    @Timeout(60)
    void endOfInputStopsTheServerWithStatusZero() throws Exception {
        try (var dump = DumpProcess.start()) {
            dump.endInput();
            assertEquals(0, dump.awaitExit(WAIT));
            assertTrue(dump.output().stream().anyMatch(line -> line.startsWith("stopped: clients served")));
        }
    }

    @Test
    @Timeout(60)
    void keepRunningServesAfterEndOfInputUntilSigterm() throws Exception {
        try (var dump = DumpProcess.start("--keep-running")) {
            dump.endInput();
            dump.awaitLine("serving until SIGINT or SIGTERM", WAIT);
            try (var socket = connect(dump.tcpPort())) {
                socket.getOutputStream().write("still here\n".getBytes(StandardCharsets.UTF_8));
                dump.awaitLine("in 11 bytes: \"still here\\n\"", WAIT);
                dump.sigterm();
                assertEquals(-1, socket.getInputStream().read(), "SIGTERM closes the clients");
                assertEquals(0, dump.awaitExit(WAIT));
            }
            dump.awaitLine("tcp 1 disconnected: 127.0.0.1:", WAIT);
            dump.awaitLine("stopped: clients served tcp=1 udp=0 ws=0", WAIT);
        }
    }

    @Test
    @Timeout(120)
    void aClientThatDoesNotReadNeverBlocksTheConsoleOrTheOthers() throws Exception {
        try (var dump = DumpProcess.start("--max-show", "16"); var stuck = connect(dump.tcpPort())) {
            stuck.setReceiveBufferSize(4096);
            dump.awaitLine("tcp 1 connected", WAIT);
            byte[] chunk = new byte[256 * 1024];
            String hex = HexFormat.of().formatHex(chunk);
            boolean pending = false;
            // Loopback buffers hold a few MiB at most: 64 chunks (16 MiB) must fill them.
            for (int i = 0; i < 64 && !pending; i++) {
                int mark = dump.mark();
                dump.type("sendb tcp 1 " + hex);
                pending = dump.awaitLine(mark, line -> line.startsWith("tcp 1 127.0.0.1") && line.contains(" out ")
                        || line.contains("send still pending")).contains("pending");
            }
            assertTrue(pending, "the writes to a client that does not read never filled its buffers");

            List<Socket> others = new ArrayList<>();
            try {
                for (int i = 0; i < 20; i++) {
                    var other = connect(dump.tcpPort());
                    others.add(other);
                    other.getOutputStream().write(("client " + i + "\n").getBytes(StandardCharsets.UTF_8));
                }
                for (int i = 0; i < 20; i++) {
                    dump.awaitLine("in " + ("client " + i + "\n").length() + " bytes: \"client " + i + "\\n\"", WAIT);
                }
                dump.awaitLine("tcp 21 connected", WAIT);
                dump.type("send tcp 21 answer");
                var reader = new BufferedReader(new InputStreamReader(others.getLast().getInputStream(), StandardCharsets.UTF_8));
                assertEquals("answer", reader.readLine());
            } finally {
                for (Socket other : others) {
                    other.close();
                }
            }

            dump.type("close tcp 1");
            dump.awaitLine("tcp 1 disconnected: ", WAIT);
        }
    }

    @Test
    @Timeout(120)
    void aFloodingClientIsCountedInFullShownInPartAndCostsTheOthersNothing() throws Exception {
        int floodBytes = 8 * 1024 * 1024;
        try (var dump = DumpProcess.start("--max-show", "16"); var flooder = connect(dump.tcpPort())) {
            dump.awaitLine("tcp 1 connected", WAIT);
            var flood = CompletableFuture.runAsync(() -> {
                byte[] block = new byte[64 * 1024];
                Arrays.fill(block, (byte) 'x');
                try {
                    for (int sent = 0; sent < floodBytes; sent += block.length) {
                        flooder.getOutputStream().write(block);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            try (var other = connect(dump.tcpPort())) {
                other.getOutputStream().write("quiet one\n".getBytes(StandardCharsets.UTF_8));
                dump.awaitLine("tcp 2 127.0.0.1:" + other.getLocalPort() + " in 10 bytes: \"quiet one\\n\"", WAIT);
                dump.type("send tcp 2 pong");
                var reader = new BufferedReader(new InputStreamReader(other.getInputStream(), StandardCharsets.UTF_8));
                assertEquals("pong", reader.readLine());
            }
            flood.get(60, TimeUnit.SECONDS);
            dump.awaitLine(0, line -> line.matches("tcp 1 \\S+ in \\d+ bytes: \"x{16}\""));
            dump.awaitLine("more not shown (--max-show 16)", WAIT);
            flooder.shutdownOutput();
            String gone = dump.awaitLine(0, line -> line.startsWith("tcp 1 disconnected"));
            assertTrue(gone.endsWith("(peer closed)"), gone);
            int shownBytes = dump.output().stream()
                    .filter(line -> line.matches("tcp 1 \\S+ in \\d+ bytes?: .*"))
                    .mapToInt(line -> Integer.parseInt(line.replaceAll(".* in (\\d+) bytes?: .*", "$1")))
                    .sum();
            assertEquals(floodBytes, shownBytes, "every byte is reported, though only 16 of each read are printed");
        }
    }

    @Test
    @Timeout(60)
    void aBadFlagIsOneLineOnStandardErrorAndExitStatusTwo() throws Exception {
        List<String> output = runToExit(2, "--tcp-port", "nope");
        assertTrue(output.getFirst().startsWith("lab dump: --tcp-port takes a whole number"), output.getFirst());
    }

    @Test
    @Timeout(60)
    void aPortInUseIsOneLineAndExitStatusTwoWithNothingAnnounced() throws Exception {
        try (var taken = new ServerSocket(0, 50, LOOPBACK)) {
            List<String> output = runToExit(2, "--tcp-port", String.valueOf(taken.getLocalPort()), "--udp-port", "0", "--ws-port", "0");
            assertTrue(output.getFirst().startsWith("lab dump: cannot listen on tcp 127.0.0.1:" + taken.getLocalPort()),
                    output.getFirst());
        }
    }

    /** Runs the dump to its end with {@code args}, expecting {@code status} and exactly one line of output. */
    private static List<String> runToExit(int status, String... args) throws Exception {
        var command = JavaCommand.of(DumpServer.class.getName(), List.of(args));
        var process = new ProcessBuilder(command).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.PIPE).start();
        try {
            assertTrue(process.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS), "still running");
            List<String> output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
            assertEquals(status, process.exitValue(), String.join("\n", output));
            assertEquals(1, output.size(), String.join("\n", output));
            return output;
        } finally {
            process.destroyForcibly();
        }
    }

    private static void send(DatagramSocket socket, InetSocketAddress to, byte[] data) throws Exception {
        socket.send(new DatagramPacket(data, data.length, to));
    }

    private static byte[] receive(DatagramSocket socket) throws Exception {
        var packet = new DatagramPacket(new byte[2048], 2048);
        socket.receive(packet);
        return Arrays.copyOf(packet.getData(), packet.getLength());
    }

    /** Keeps every whole message a WebSocket receives: a String for text, a byte[] for binary. */
    private static final class CollectingListener implements WebSocket.Listener {
        final LinkedBlockingQueue<Object> messages = new LinkedBlockingQueue<>();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        private final StringBuilder text = new StringBuilder();
        private final ByteArrayOutputStream binary = new ByteArrayOutputStream();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                messages.add(text.toString());
                text.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            binary.writeBytes(bytes);
            if (last) {
                messages.add(binary.toByteArray());
                binary.reset();
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }
    }
}
