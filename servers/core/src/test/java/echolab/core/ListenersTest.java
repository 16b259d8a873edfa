package echolab.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Why a server cannot listen, said in the one line a usage error gets. */
@Timeout(30)
class ListenersTest {
    private static ServerOptions on(String address, int port, boolean reuseAddress) throws Exception {
        return new ServerOptions("virtual", InetAddress.getByName(address), port, ServerOptions.DEFAULT_BACKLOG,
                reuseAddress, ServerOptions.DEFAULT_MAX_LINE, Duration.ZERO, Duration.ZERO, false, false, false);
    }

    @Test
    void anAddressThatIsNotThisMachinesIsNamedAsSuch() {
        // 192.0.2.0/24 is reserved for documentation: no machine has it.
        var e = assertThrows(UsageException.class, () -> Listeners.open(on("192.0.2.1", 0, true)));
        assertTrue(e.getMessage().startsWith("cannot listen on 192.0.2.1:0: "), e.getMessage());
        assertTrue(e.getMessage().contains("192.0.2.1 is not an address of this machine"), e.getMessage());
        assertFalse(e.getMessage().contains("another server"), e.getMessage());
    }

    @Test
    void aPortSomeoneListensOnIsInUseWithOrWithoutReuseAddress() throws Exception {
        try (var listener = Listeners.open(on("127.0.0.1", 0, true))) {
            for (boolean reuse : new boolean[] {true, false}) {
                var e = assertThrows(UsageException.class, () -> Listeners.open(on("127.0.0.1", listener.getLocalPort(), reuse)));
                assertTrue(e.getMessage().endsWith("another server running? --port 0 picks a free port"), e.getMessage());
            }
        }
    }
}
