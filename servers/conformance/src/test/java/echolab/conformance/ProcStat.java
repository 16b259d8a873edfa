package echolab.conformance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What the kernel knows about a server process, read from {@code /proc/<pid>} as {@code ps} and
 * {@code ls /proc/<pid>/fd} read it, and its descriptor limit changed as {@code prlimit --pid} does.
 */
final class ProcStat {
    /** USER_HZ: the unit of utime and stime in {@code /proc/<pid>/stat}, 100 on every Linux the course runs on. */
    private static final long CLOCK_TICKS_PER_SECOND = 100;

    private ProcStat() {
    }

    /** CPU time the process has used, user and system together. */
    static Duration cpuTime(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
        // "pid (comm) state ppid ...": comm may hold spaces, so count fields after the last ')'.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        return Duration.ofMillis(ticks * 1000 / CLOCK_TICKS_PER_SECOND);
    }

    /** The descriptor numbers the process has open. */
    static Set<Integer> descriptors(long pid) throws IOException {
        try (Stream<Path> entries = Files.list(Path.of("/proc", String.valueOf(pid), "fd"))) {
            var numbers = new TreeSet<Integer>();
            entries.forEach(entry -> numbers.add(Integer.parseInt(entry.getFileName().toString())));
            return numbers;
        }
    }

    /**
     * Waits until the process has at most {@code most} descriptors open, or {@code within} has
     * passed; returns the last count seen. A process server closes its side of a child's pipes
     * after it has printed that the connection closed (the pipe's reader sees EOF a moment after
     * the child exits), so a count taken at the closed line can be one or two high for a moment;
     * a real leak stays high.
     */
    static int awaitDescriptorsAtMost(long pid, int most, Duration within) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        int open = descriptors(pid).size();
        while (open > most && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(20);
            open = descriptors(pid).size();
        }
        return open;
    }

    /**
     * The number the process's next new descriptor would get: the kernel always hands out the
     * lowest free one, so a limit of exactly this makes every further open fail with EMFILE.
     */
    static int lowestFreeDescriptor(long pid) throws IOException {
        Set<Integer> open = descriptors(pid);
        int fd = 0;
        while (open.contains(fd)) {
            fd++;
        }
        return fd;
    }

    /** Sets the process's soft limit on open descriptors, as {@code prlimit --pid P --nofile=N:}; the hard limit stays. */
    static void limitDescriptors(long pid, int limit) throws IOException, InterruptedException {
        var prlimit = new ProcessBuilder("prlimit", "--pid", String.valueOf(pid), "--nofile=" + limit + ":")
                .redirectErrorStream(true).start();
        String output = new String(prlimit.getInputStream().readAllBytes());
        if (!prlimit.waitFor(10, TimeUnit.SECONDS) || prlimit.exitValue() != 0) {
            throw new IOException("prlimit failed: " + output);
        }
    }
}
