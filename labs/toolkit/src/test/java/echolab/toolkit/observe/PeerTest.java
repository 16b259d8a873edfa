package echolab.toolkit.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import echolab.core.testing.SocketsShown;

/** observe's own client, as the tables it reads show it. */
@Timeout(30)
class PeerTest {
    @Test
    void connectsFromAnIpv4SocketSoNetstatShowsItAsTcp() throws Exception {
        try (var listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             var peer = new Peer(listener.getLocalPort());
             var accepted = listener.accept()) {
            // The peer's local port may also be that of an older connection to another port, now
            // in TIME_WAIT (the kernel reuses a port for a different peer), so look at this pair only.
            var all = SocketsShown.ipv4(peer.localPort());
            var shown = all.stream().filter(line -> line.contains("127.0.0.1:" + listener.getLocalPort())).toList();
            assertEquals(1, shown.size(), "ss -4 shows the peer's socket: " + all);
            assertTrue(shown.getFirst().contains("ESTAB"), shown.getFirst());
            accepted.getOutputStream().write("hello\n".getBytes());
            assertEquals("hello", peer.readLine(Duration.ofSeconds(5)));
            assertEquals(null, peer.replyWithin(Duration.ofMillis(50)), "a time-out leaves the socket usable");
            accepted.getOutputStream().write("again\n".getBytes());
            assertEquals("again", peer.readLine(Duration.ofSeconds(5)));
        }
    }
}
