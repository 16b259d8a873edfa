package echolab.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

/**
 * OS threads and resident memory of a process and its descendants, read from
 * {@code /proc/<pid>/status} ({@code Threads}, {@code VmRSS}): what {@code ps} would show; and
 * the CPU time they used, from {@code /proc/<pid>/stat}.
 *
 * @param processes how many processes were counted (1 + live descendants)
 * @param threads   OS threads over all of them
 * @param rssKb     resident set over all of them, KiB (shared pages are counted once per process)
 */
public record ProcStatus(int processes, int threads, long rssKb) {
    public static final ProcStatus NONE = new ProcStatus(0, 0, 0);
    /** USER_HZ, the unit of /proc's CPU times: 100 on every Linux architecture Java runs on. */
    private static final long CLOCK_TICKS_PER_SECOND = 100;

    public static ProcStatus ofTree(ProcessHandle root) {
        return Stream.concat(Stream.of(root), root.descendants())
                .map(ProcStatus::of)
                .reduce(NONE, ProcStatus::plus);
    }

    /** One process; a process that has just exited counts as nothing. */
    public static ProcStatus of(ProcessHandle process) {
        try {
            int threads = 0;
            long rss = 0;
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                if (line.startsWith("Threads:")) {
                    threads = Integer.parseInt(line.substring(8).trim());
                } else if (line.startsWith("VmRSS:")) {
                    rss = Long.parseLong(line.substring(6).replace("kB", "").trim());
                }
            }
            return new ProcStatus(1, threads, rss);
        } catch (IOException | RuntimeException gone) {
            return NONE;
        }
    }

    /**
     * CPU time, user and system, that a process and its descendants have used so far: each live
     * process's own time plus, from {@code /proc/<pid>/stat}, the time of the children it has
     * already reaped. A child counted alive at one reading and reaped at the next is counted once
     * either way, so the difference of two readings is the CPU spent between them.
     */
    public static Duration cpuOfTree(ProcessHandle root) {
        long ticks = Stream.concat(Stream.of(root), root.descendants()).mapToLong(ProcStatus::cpuTicks).sum();
        return Duration.ofMillis(ticks * 1000 / CLOCK_TICKS_PER_SECOND);
    }

    /** utime, stime, cutime and cstime: fields 14 to 17, counted after the ')' that ends a name with spaces. */
    private static long cpuTicks(ProcessHandle process) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // fields[0] is field 3 (state), so field n is fields[n - 3].
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]) + Long.parseLong(fields[13])
                    + Long.parseLong(fields[14]);
        } catch (IOException | RuntimeException gone) {
            return 0;
        }
    }

    public ProcStatus plus(ProcStatus other) {
        return new ProcStatus(processes + other.processes, threads + other.threads, rssKb + other.rssKb);
    }

    /** The larger of each figure: a peak over several samples. */
    public ProcStatus max(ProcStatus other) {
        return new ProcStatus(Math.max(processes, other.processes), Math.max(threads, other.threads),
                Math.max(rssKb, other.rssKb));
    }
}
