package echolab.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import echolab.core.testing.SocketsShown;

/** Sockets of the address's family, as {@code ss -4} and {@code ss -6} show them. */
@Timeout(30)
class SocketsTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    @Test
    void anIpv4AddressGetsIpv4SocketsAtBothEnds() throws Exception {
        try (var listener = Sockets.listen(new InetSocketAddress("127.0.0.1", 0), 50, true);
             var client = Sockets.connect(new InetSocketAddress("127.0.0.1", listener.getLocalPort()), WAIT);
             Socket accepted = listener.accept()) {
            assertEquals(1, SocketsShown.ipv4(listener.getLocalPort()).stream().filter(l -> l.contains("LISTEN")).count(),
                    "ss -4 shows the listener");
            assertEquals(List.of(), SocketsShown.ipv6(listener.getLocalPort()), "ss -6 shows nothing on the port");
            assertTrue(SocketsShown.ipv4(client.getLocalPort()).getFirst().contains("127.0.0.1:" + listener.getLocalPort()),
                    "ss -4 shows the client's end, its peer as 127.0.0.1");
            assertTrue(accepted.getInetAddress() instanceof Inet4Address, accepted.toString());
        }
    }

    @Test
    void anIpv6AddressGetsIpv6SocketsAndTheWildcardStillTakesIpv4Clients() throws Exception {
        try (var loopback6 = Sockets.listen(new InetSocketAddress("::1", 0), 50, true)) {
            assertEquals(List.of(), SocketsShown.ipv4(loopback6.getLocalPort()));
            assertEquals(1, SocketsShown.ipv6(loopback6.getLocalPort()).size());
        }
        try (var any = Sockets.listen(new InetSocketAddress(InetAddress.getByName("::"), 0), 50, true);
             var client = Sockets.connect(new InetSocketAddress("127.0.0.1", any.getLocalPort()), WAIT);
             Socket accepted = any.accept()) {
            assertEquals("127.0.0.1", accepted.getInetAddress().getHostAddress());
        }
    }
}
