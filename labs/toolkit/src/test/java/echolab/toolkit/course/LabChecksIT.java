package echolab.toolkit.course;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every lab's check, run as CI runs it: after the build has packaged what {@code ./lab} runs
 * (this is an integration test, run by failsafe after {@code package}), each check plays its
 * README, grades the log it recorded in full, shows every rule can fail, and runs its negative
 * control. Labs with steps that need root run a second time as an unprivileged user, where
 * those steps must be skipped by name (each saying why) and the rest still grade in full.
 *
 * <p>Checks run side by side, {@value #SIDE_BY_SIDE} at a time: most of a check's time is JVMs
 * starting and clients waiting for replies, and the labs are written to pass on a loaded machine.
 * A check that measures what the CPU can do (it calls {@code check_alone}) runs with no other
 * check beside it.
 */
@Execution(ExecutionMode.CONCURRENT)
class LabChecksIT {
    private static final Course COURSE = Course.find(List.of()).orElseThrow();
    private static final Path HOME = COURSE.root();
    private static final String UNPRIVILEGED = "65534";
    /** Folders made traversable for the unprivileged user, with the permissions to restore. */
    private static final Map<Path, Set<PosixFilePermission>> opened = new LinkedHashMap<>();
    static final int SIDE_BY_SIDE = 4;
    /** A permit per check running; a check that must run alone takes them all. */
    private static final Semaphore running = new Semaphore(SIDE_BY_SIDE, true);

    static Stream<Course.LabFolder> labs() {
        return COURSE.labs().stream();
    }

    /** The labs whose rubric excuses a rule on a machine without root: they have steps that need it. */
    static Stream<Course.LabFolder> labsWithRootSteps() {
        return labs().filter(lab -> {
            try {
                return Files.readString(lab.rubric()).contains("optional_without_root: true");
            } catch (IOException e) {
                return false;
            }
        });
    }

    @ParameterizedTest(name = "{0}", allowZeroInvocations = true)
    @MethodSource("labs")
    void theCheckPasses(Course.LabFolder lab) throws Exception {
        assertPasses(lab, run(lab, List.of()));
    }

    @ParameterizedTest(name = "{0} without root", allowZeroInvocations = true)
    @MethodSource("labsWithRootSteps")
    void theCheckPassesWithoutRootSkippingThoseStepsByName(Course.LabFolder lab) throws Exception {
        assumeTrue(isRoot(), "already unprivileged: theCheckPasses ran it so");
        openPathTo(HOME.resolve("lab"));
        String output = run(lab, List.of("setpriv", "--reuid=" + UNPRIVILEGED, "--regid=" + UNPRIVILEGED,
                "--clear-groups", "--reset-env", "env", "ECHOLAB_NO_BUILD=1", "TMPDIR=/tmp"));
        assertPasses(lab, output);
        // A step is skipped where this machine refuses it to an ordinary user, and each skip says
        // what it needs. Some steps need root only on some machines (strace -p where Yama's
        // ptrace_scope is 1), so a check may also pass here with nothing skipped.
        output.lines().filter(line -> line.startsWith(lab.name() + ": skipped: "))
                .forEach(line -> assertTrue(line.matches(".*: skipped: .+ \\(.+\\)$"), "a skipped step says why: " + line));
    }

    @AfterAll
    static void restorePermissions() throws IOException {
        for (var entry : opened.entrySet()) {
            Files.setPosixFilePermissions(entry.getKey(), entry.getValue());
        }
        opened.clear();
    }

    private static void assertPasses(Course.LabFolder lab, String output) {
        List<String> lines = output.lines().toList();
        assertTrue(!lines.isEmpty() && lines.getLast().equals(lab.name() + ": passed"), output);
    }

    /** Runs the check (behind {@code prefix}, e.g. a change of user) and returns what it printed. */
    private static String run(Course.LabFolder lab, List<String> prefix) throws IOException, InterruptedException {
        int permits = runsAlone(lab) ? SIDE_BY_SIDE : 1;
        running.acquire(permits);
        try {
            return runCheck(lab, prefix);
        } finally {
            running.release(permits);
        }
    }

    /** Whether the check says it measures the CPU ({@code check_alone} in labs/lib/check.sh). */
    private static boolean runsAlone(Course.LabFolder lab) throws IOException {
        return Files.readAllLines(lab.check()).stream().anyMatch(line -> line.strip().startsWith("check_alone"));
    }

    private static String runCheck(Course.LabFolder lab, List<String> prefix) throws IOException, InterruptedException {
        var command = new ArrayList<>(prefix);
        command.add(lab.check().toString());
        var builder = new ProcessBuilder(command).redirectErrorStream(true).directory(HOME.toFile());
        builder.environment().put("ECHOLAB_NO_BUILD", "1");
        Path output = Files.createTempFile("echolab-check-" + lab.number(), ".out");
        builder.redirectOutput(output.toFile());
        Process check = builder.start();
        check.getOutputStream().close();
        try {
            if (!check.waitFor(Check.CHECK_LIMIT.toSeconds(), TimeUnit.SECONDS)) {
                check.destroy();
                if (!check.waitFor(15, TimeUnit.SECONDS)) {
                    check.descendants().forEach(ProcessHandle::destroyForcibly);
                    check.destroyForcibly();
                }
            }
            String printed = Files.readString(output, StandardCharsets.UTF_8);
            System.out.println(printed);
            assertEquals(0, check.exitValue(), printed);
            return printed;
        } finally {
            Files.deleteIfExists(output);
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** Lets another user reach {@code file}: every folder above it gets o+x if it lacks it (restored after). */
    private static synchronized void openPathTo(Path file) throws IOException {
        for (Path dir = file.toAbsolutePath().getParent(); dir != null; dir = dir.getParent()) {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(dir);
            if (!permissions.contains(PosixFilePermission.OTHERS_EXECUTE) && !opened.containsKey(dir)) {
                opened.put(dir, Set.copyOf(permissions));
                var widened = new java.util.HashSet<>(permissions);
                widened.add(PosixFilePermission.OTHERS_EXECUTE);
                Files.setPosixFilePermissions(dir, widened);
            }
        }
    }

    @BeforeAll
    static void theBuildIsPackaged() {
        assertTrue(Files.isRegularFile(HOME.resolve("labs/toolkit/target/lib/echolab-toolkit.jar")),
                "the toolkit is packaged before the lab checks run");
    }
}
