package echolab.benchmarks;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import echolab.core.testing.JavaCommand;

/** A server under test never outlives the JVM that started it, closed or not. */
class ServerUnderTestTest {
    /** Starts a server, prints its pid, and exits without closing it, as a failed JMH fork does. */
    public static void main(String[] args) throws Exception {
        ServerUnderTest server = ServerUnderTest.start("threadpool");
        System.out.println("server pid " + server.pid());
        System.out.flush();
        System.exit(1);
    }

    @Test
    @Timeout(60)
    void aServerLeftOpenEndsWithItsJvm() throws Exception {
        Process jvm = new ProcessBuilder(JavaCommand.of(ServerUnderTestTest.class.getName(), List.of()))
                .redirectErrorStream(true).start();
        String line;
        try (var out = new BufferedReader(new InputStreamReader(jvm.getInputStream(), StandardCharsets.UTF_8))) {
            while ((line = out.readLine()) != null && !line.startsWith("server pid ")) {
                // The JVM's own lines, if any.
            }
        }
        assertTrue(line != null, "the JVM printed its server's pid");
        assertTrue(jvm.waitFor(30, TimeUnit.SECONDS), "the JVM exited");
        ProcessHandle server = ProcessHandle.of(Long.parseLong(line.substring("server pid ".length()))).orElse(null);
        try {
            assertTrue(server == null || server.onExit().completeOnTimeout(null, 15, TimeUnit.SECONDS).get() != null,
                    "the server (pid " + line + ") ended with the JVM that started it");
        } finally {
            if (server != null) {
                server.destroyForcibly();
            }
        }
    }
}
