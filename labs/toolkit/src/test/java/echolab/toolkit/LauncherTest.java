package echolab.toolkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The {@code ./lab} script's own commands, run as a user runs them. */
class LauncherTest {
    private static final Path LAB = Path.of("../../lab").toAbsolutePath().normalize();

    /**
     * {@code ./lab jmh} runs the benchmarks jar with the JDK the launcher found, whatever
     * {@code java} comes first on the PATH (here one that only complains).
     */
    @Test
    @Timeout(60)
    void jmhRunsTheBenchmarksJarWithTheJdkTheLauncherFound(@TempDir Path dir) throws Exception {
        Path wrongJava = dir.resolve("java");
        Files.writeString(wrongJava, "#!/bin/sh\necho 'the java on the PATH ran' >&2\nexit 3\n");
        Files.setPosixFilePermissions(wrongJava, PosixFilePermissions.fromString("rwxr-xr-x"));
        var builder = new ProcessBuilder(LAB.toString(), "jmh", "-l").redirectErrorStream(true);
        builder.environment().put("PATH", dir + ":" + System.getenv("PATH"));
        builder.environment().put("ECHOLAB_NO_BUILD", "1");
        var process = builder.start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), output);
        assertEquals(0, process.exitValue(), output);
        for (String benchmark : new String[] {"ConnectEchoClose", "ManyConnections", "RoundTrip", "SleepBound"}) {
            assertTrue(output.contains("echolab.benchmarks." + benchmark + "."), benchmark + " listed:\n" + output);
        }
    }
}
