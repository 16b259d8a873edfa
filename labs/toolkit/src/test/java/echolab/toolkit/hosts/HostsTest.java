package echolab.toolkit.hosts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import echolab.core.testing.JavaCommand;
import echolab.core.testing.ServerProcess;
import echolab.toolkit.AsNobody;
import echolab.toolkit.Privileges;

/** Three hosts in network namespaces: a client on one echoes through a server on another, and nothing stays behind. */
class HostsTest {
    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void aClientOnVit002IsServedOnVit001AndDownRemovesEverything() throws Exception {
        assumeTrue(Privileges.root(), "network namespaces need root");
        String linksBefore = Hosts.ip("-o", "link", "show");
        try {
            assertEquals(0, Hosts.run(new String[] {"up"}, print(new ByteArrayOutputStream())));
            var status = new ByteArrayOutputStream();
            assertEquals(0, Hosts.run(new String[] {"status"}, print(status)));
            assertTrue(status.toString().contains("192.0.2.1/24"), status.toString());

            var serverCommand = new ArrayList<>(List.of("ip", "netns", "exec", "vit001"));
            serverCommand.addAll(ServerProcess.command("virtual", List.of(), List.of("--port", "0", "--bind", "0.0.0.0")));
            try (var server = ServerProcess.start(serverCommand)) {
                var clientCommand = new ArrayList<>(List.of("ip", "netns", "exec", "vit002"));
                clientCommand.addAll(JavaCommand.of("echolab.clients.EchoClient", List.of("vit001:" + server.port(), "--timeout", "10s")));
                Process client = new ProcessBuilder(clientCommand).redirectErrorStream(true).start();
                client.getOutputStream().write("ping\nwhoami\n".getBytes(StandardCharsets.UTF_8));
                client.getOutputStream().close();
                String said = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertTrue(client.waitFor(30, TimeUnit.SECONDS));
                assertTrue(said.contains("pong") && said.contains("server=virtual"), said);
                server.awaitLine("incoming connection from 192.0.2.2", Duration.ofSeconds(10));

                // While a second client from vit003 stays connected, netstat on vit001 shows its address.
                Process held = new ProcessBuilder("ip", "netns", "exec", "vit003", "bash", "-c",
                        "exec 3<>/dev/tcp/vit001/" + server.port() + "; echo ping >&3; read -t 10 reply <&3; echo \"$reply\"; read -t 20 wait_for_end")
                        .redirectErrorStream(true).start();
                try {
                    assertEquals("pong", new String(held.getInputStream().readNBytes(5), StandardCharsets.UTF_8).strip());
                    String netstat = Hosts.ip("netns", "exec", "vit001", "netstat", "-tan");
                    assertTrue(netstat.lines().anyMatch(l -> l.contains("192.0.2.1:" + server.port()) && l.contains("192.0.2.3:")
                            && l.contains("ESTABLISHED")), netstat);
                } finally {
                    held.getOutputStream().close();
                    held.destroyForcibly();
                    held.waitFor(10, TimeUnit.SECONDS);
                }
            }
        } finally {
            Hosts.run(new String[] {"down"}, print(new ByteArrayOutputStream()));
        }
        assertFalse(Hosts.namespaces().stream().anyMatch(n -> n.startsWith("vit")), Hosts.namespaces().toString());
        for (String host : Hosts.NAMES) {
            assertFalse(Files.exists(Path.of("/etc/netns", host, "hosts")), host);
        }
        assertEquals(linksBefore, Hosts.ip("-o", "link", "show"), "no veth or bridge left in the machine's own namespace");
        var again = new ByteArrayOutputStream();
        assertEquals(0, Hosts.run(new String[] {"down"}, print(again)));
        assertTrue(again.toString().contains("nothing to remove"), "down is idempotent");
    }

    @Test
    @Timeout(value = 1, unit = TimeUnit.MINUTES)
    void withoutRootItSaysWhatItNeedsInOneLineAndExitsWithTwo(@TempDir Path dir) throws IOException, InterruptedException {
        assumeTrue(Privileges.root(), "needs root to become nobody");
        AsNobody.Result result = AsNobody.run(dir, "echolab.toolkit.Lab", "hosts", "up");
        assertEquals(2, result.status(), result.output());
        assertEquals(1, result.output().strip().lines().count(), result.output());
        assertTrue(result.output().startsWith("lab hosts: hosts needs root"), result.output());
    }

    private static PrintStream print(ByteArrayOutputStream bytes) {
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }
}
