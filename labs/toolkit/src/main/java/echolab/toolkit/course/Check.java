package echolab.toolkit.course;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import echolab.core.Cli;
import echolab.core.UsageException;

/**
 * {@code ./lab check NN|all}: runs labs' checks, each the lab's README played unattended,
 * recorded, and graded by the lab's own rubric. A line per step comes from the check itself;
 * this adds the verdict of each and a summary, and exits 1 if any failed.
 */
public final class Check {
    /** Longer than any check may take (LABS.md: under a minute each); then it is ended. */
    static final Duration CHECK_LIMIT = Duration.ofMinutes(3);

    private Check() {
    }

    public static void main(String[] args) {
        Cli.run("check", args, arguments -> {
            var parsed = new Cli("check", "NN|all [options]",
                    "Run a lab's check: its README's steps on ephemeral ports, recorded into a lab log,"
                            + " graded in full by its rubric, every rule shown to fail without its evidence,"
                            + " and its negative control. 'all' runs every lab's check in course order.")
                    .value("keep-log", "FILE", "keep the log the check recorded (with 'all': a folder, one log per lab)")
                    .parse(arguments);
            if (parsed.arguments().size() != 1) {
                throw new UsageException("name one lab (e.g. 04 or 04-reaping) or 'all'");
            }
            Course course = Course.here();
            String which = parsed.arguments().getFirst();
            List<Course.LabFolder> labs = which.equals("all") ? course.labs() : List.of(course.requireLab(which));
            if (labs.isEmpty()) {
                throw new UsageException("no labs under " + course.root().resolve("labs"));
            }
            String keep = parsed.text("keep-log", null);
            if (keep != null && which.equals("all")) {
                Files.createDirectories(Path.of(keep));
            }
            System.exit(run(labs, keep == null ? null : Path.of(keep), which.equals("all"), System.out));
        });
    }

    static int run(List<Course.LabFolder> labs, Path keep, boolean keepIsFolder, PrintStream out) throws IOException {
        var failed = new ArrayList<String>();
        long started = System.nanoTime();
        for (Course.LabFolder lab : labs) {
            if (!Files.isExecutable(lab.check())) {
                out.println(lab.name() + ": FAILED: no executable check in " + lab.dir());
                failed.add(lab.name());
                continue;
            }
            Path log = keep == null ? null : keepIsFolder ? keep.resolve(lab.name() + ".md") : keep;
            if (runOne(lab, log) != 0) {
                failed.add(lab.name());
            }
        }
        if (labs.size() > 1) {
            out.printf(Locale.ROOT, "checks: %d passed, %d failed (%s)%s%n", labs.size() - failed.size(), failed.size(),
                    elapsed(System.nanoTime() - started), failed.isEmpty() ? "" : ": " + String.join(", ", failed));
        }
        return failed.isEmpty() ? 0 : 1;
    }

    private static int runOne(Course.LabFolder lab, Path keepLog) throws IOException {
        var builder = new ProcessBuilder(lab.check().toString()).inheritIO();
        if (keepLog != null) {
            builder.environment().put("LAB_KEEP_LOG", keepLog.toAbsolutePath().toString());
        }
        Process check = builder.start();
        // Ctrl-C reaches the check too (same terminal); a kill of this command must not leave it behind.
        Thread stop = new Thread(() -> end(check), "stop-check");
        Runtime.getRuntime().addShutdownHook(stop);
        try {
            if (!check.waitFor(CHECK_LIMIT.toSeconds(), TimeUnit.SECONDS)) {
                System.out.println(lab.name() + ": FAILED: still running after " + CHECK_LIMIT.toMinutes() + " minutes; ended");
                end(check);
                return 1;
            }
            return check.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            end(check);
            return 1;
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(stop);
            } catch (IllegalStateException shuttingDown) {
                // The hook is running or has run: it ends the check.
            }
        }
    }

    /** SIGTERM first, so the check's own trap ends what it started; then the rest, by pid. */
    private static void end(Process check) {
        check.destroy();
        try {
            if (!check.waitFor(15, TimeUnit.SECONDS)) {
                check.descendants().forEach(ProcessHandle::destroyForcibly);
                check.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String elapsed(long nanos) {
        long seconds = TimeUnit.NANOSECONDS.toSeconds(nanos);
        return seconds < 60 ? seconds + " s" : seconds / 60 + " min " + seconds % 60 + " s";
    }
}
