package echolab.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import echolab.core.testing.ServerProcess;

/** PROTOCOL.md, "Framing": opaque bytes, terminators mirrored, long lines refused, half-close. */
@Timeout(60)
class FramingConformanceTest {
    private static final SharedServers servers = new SharedServers();
    private static final int SMALL_MAX_LINE = 1024;

    @AfterAll
    static void stopServers() {
        servers.close();
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void echoesOneMebibyteOfRandomBytesInRandomChunks(Variant variant) throws Exception {
        var server = servers.of(variant);
        long seed = new Random().nextLong();
        System.out.println(variant + ": random seed " + seed);
        var random = new Random(seed);
        byte[] data = RandomChunks.bytes(random, 1 << 20);
        try (var client = LineClient.connect(server.port())) {
            byte[] echoed = RandomChunks.echo(client, data, random, 8192);
            assertEquals(-1, Arrays.mismatch(data, echoed), "first differing byte (seed " + seed + ")");
        }
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void echoesNulAndNonUtf8BytesUnchanged(Variant variant) throws Exception {
        var server = servers.of(variant);
        byte[] line = {0, 1, (byte) 0xC3, (byte) 0x28, (byte) 0xFF, (byte) 0xFE, 0, '\r', 'x', (byte) 0x80, '\n'};
        try (var client = LineClient.connect(server.port())) {
            client.out().write(line);
            assertArrayEquals(line, client.in().readNBytes(line.length));
        }
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void repliesToEachLineWithTheTerminatorItCameWith(Variant variant) throws Exception {
        var server = servers.of(variant);
        try (var client = LineClient.connect(server.port())) {
            client.sendRaw("unix\ndos\r\nping\r\nping\n\r\n\n");
            assertEquals("unix\n", client.readLineWithTerminator());
            assertEquals("dos\r\n", client.readLineWithTerminator());
            assertEquals("pong\r\n", client.readLineWithTerminator());
            assertEquals("pong\n", client.readLineWithTerminator());
            assertEquals("\r\n", client.readLineWithTerminator());
            assertEquals("\n", client.readLineWithTerminator());
        }
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void echoesALineOfExactlyMaxLineBytes(Variant variant) throws Exception {
        var server = servers.of(variant, "--max-line", String.valueOf(SMALL_MAX_LINE));
        String longest = "x".repeat(SMALL_MAX_LINE);
        try (var client = LineClient.connect(server.port())) {
            assertEquals(longest, client.request(longest));
            client.sendRaw(longest + "\r\n");
            assertEquals(longest + "\r\n", client.readLineWithTerminator());
        }
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void refusesALineOverMaxLineThenClosesAndServesTheNextClient(Variant variant) throws Exception {
        var server = servers.of(variant, "--max-line", String.valueOf(SMALL_MAX_LINE));
        try (var client = LineClient.connect(server.port())) {
            assertEquals("ERR line too long", client.request("y".repeat(SMALL_MAX_LINE + 1)));
            assertTrue(client.endsWithin(LineClient.READ_TIMEOUT), "EOF after ERR line too long");
        }
        try (var next = LineClient.connect(server.port())) {
            assertEquals("pong", next.request("ping"));
        }
    }

    /**
     * The bound: a server JVM limited to a 32 MiB heap takes a 100 MiB line without a newline,
     * answers ERR and serves the next client. A server that buffered the line would need more
     * than three times its heap and die of OutOfMemoryError. (For {@code process} the limit
     * applies to the parent; each child's own heap is what its launcher gives it.)
     */
    @ParameterizedTest
    @EnumSource(Variant.class)
    void aHundredMebibyteLineDoesNotGrowTheHeapPast32Mebibytes(Variant variant) throws Exception {
        try (ServerProcess server = variant.start(List.of("-Xmx32m"))) {
            try (var client = LineClient.connect(server.port())) {
                var writer = CompletableFuture.runAsync(() -> writeLineWithoutEnd(client, 100 << 20),
                        command -> Thread.ofPlatform().daemon().name("hundred-mib").start(command));
                assertEquals("ERR line too long", client.readLine());
                assertEquals("EOF", client.readUntilClosed());
                writer.join();
            }
            try (var next = LineClient.connect(server.port())) {
                assertEquals("pong", next.request("ping"));
            }
            assertTrue(server.process().isAlive());
            assertFalse(server.output().stream().anyMatch(line -> line.contains("OutOfMemoryError")),
                    String.join("\n", server.output()));
        }
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void echoesEverythingIncludingTheTailAfterAHalfCloseThenCloses(Variant variant) throws Exception {
        var server = servers.of(variant);
        try (var client = LineClient.connect(server.port())) {
            client.sendRaw("a\nb\ntail");
            client.socket().shutdownOutput();
            assertEquals("a\nb\ntail", new String(client.readToEnd(), StandardCharsets.ISO_8859_1));
        }
    }

    /** Writes {@code length} bytes with no LF; stops quietly when the server, having refused the line, resets. */
    private static void writeLineWithoutEnd(LineClient client, int length) {
        byte[] chunk = new byte[64 * 1024];
        Arrays.fill(chunk, (byte) 'z');
        try {
            for (int sent = 0; sent < length; sent += chunk.length) {
                client.out().write(chunk);
            }
        } catch (IOException expected) {
            // The server closed after its reply: the rest of the line has nowhere to go.
        }
    }
}
