package echolab.toolkit;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import echolab.core.testing.ServerProcess;

/**
 * Contract C2 through the real {@code ./lab} script (an integration test: it runs after
 * {@code package}, when {@code target/lib} holds what the script runs): every echolab process's
 * command line, as {@code ps -o args} shows it, starts with the words that say what it is.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LauncherProcessNamesIT {
    private static final Path LAB = Path.of(System.getProperty("user.dir")).resolve("../../lab").normalize();
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Pattern PID = Pattern.compile("pid=(\\d+)");

    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void endWhatWasStarted() {
        for (Process process : started) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }

    @Test
    void aServerAndItsChildrenSayWhatTheyAre() throws Exception {
        try (var server = ServerProcess.start(lab("server", "process", "--port", "0"));
             var client = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            started.add(server.process());
            assertStartsWith("echolab server process -jar ", args(server.pid()));
            client.setSoTimeout((int) WAIT.toMillis());
            client.getOutputStream().write("whoami\n".getBytes(StandardCharsets.US_ASCII));
            String whoami = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.US_ASCII)).readLine();
            Matcher child = PID.matcher(whoami);
            assertTrue(child.find(), whoami);
            assertStartsWith("echolab child conn=1 of " + server.pid() + " ", args(Long.parseLong(child.group(1))));
        }
    }

    @Test
    void theClientsSayWhatTheyAre(@TempDir Path dir) throws Exception {
        try (var server = ServerProcess.start(lab("server", "virtual", "--port", "0"))) {
            started.add(server.process());
            assertStartsWith("echolab server virtual -jar ", args(server.pid()));
            String address = "127.0.0.1:" + server.port();
            // The commands that wait on a person run on C1 (the launcher's JVM options come after the name).
            assertStartsWith("echolab client -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -jar ", runningArgs(lab("client", address)));
            assertStartsWith("echolab load -jar ", runningArgs(lab("load", "--port", Integer.toString(server.port()),
                    "--duration", "30s")));
            assertStartsWith("echolab record -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -jar ", runningArgs(lab("record", "--log",
                    dir.resolve("log.md").toString(), "--", "sleep 30")));
        }
    }

    /** {@code ./lab ARGS}, told not to build: the build that runs this test has just built. */
    private static List<String> lab(String... args) {
        var command = new ArrayList<>(List.of("env", "ECHOLAB_NO_BUILD=1", LAB.toString()));
        command.addAll(List.of(args));
        return command;
    }

    /**
     * Starts {@code command} with its input held open, and returns its command line once the
     * launcher script has exec'd the JVM in its place (same pid; the JVM's args replace bash's).
     */
    private String runningArgs(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        started.add(process);
        OutputStream heldOpen = process.getOutputStream();
        long deadline = System.nanoTime() + WAIT.toNanos();
        String args = args(process.pid());
        // The process table announces no exec, so it is polled, within a bound.
        while (!args.contains(" -jar ") && process.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
            args = args(process.pid());
        }
        heldOpen.close();
        return args;
    }

    /** The command line as {@code ps -o args} shows it. */
    private static String args(long pid) throws IOException, InterruptedException {
        Process ps = new ProcessBuilder("ps", "-o", "args=", "-p", Long.toString(pid)).redirectErrorStream(true).start();
        String output = new String(ps.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertTrue(ps.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS), "ps ended");
        return output;
    }

    private static void assertStartsWith(String prefix, String actual) {
        assertTrue(actual.startsWith(prefix), "expected '" + prefix + "…', ps shows '" + actual + "'");
    }
}
