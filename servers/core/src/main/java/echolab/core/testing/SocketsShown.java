package echolab.core.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What {@code ss} shows of the sockets on one local port, IPv4 ({@code ss -4}, what
 * {@code netstat} prints as {@code tcp}/{@code udp}) or IPv6 ({@code ss -6}, {@code tcp6}):
 * the tool a student runs, for tests of which family a socket really is.
 */
public final class SocketsShown {
    private SocketsShown() {
    }

    /** {@code ss -4}'s lines for TCP and UDP sockets, any state, whose local port is {@code port}. */
    public static List<String> ipv4(int port) throws IOException {
        return ss("-4", port);
    }

    /** {@code ss -6}'s lines for TCP and UDP sockets, any state, whose local port is {@code port}. */
    public static List<String> ipv6(int port) throws IOException {
        return ss("-6", port);
    }

    private static List<String> ss(String family, int port) throws IOException {
        var process = new ProcessBuilder("ss", "-H", "-n", "-a", "-t", "-u", family, "sport = :" + port)
                .redirectErrorStream(true).start();
        try (var output = process.getInputStream()) {
            String text = new String(output.readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException("ss " + family + " failed: " + text);
            }
            return text.lines().filter(line -> !line.isBlank()).toList();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running ss");
        } finally {
            process.destroy();
        }
    }
}
