package echolab.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * OS threads and resident memory of a process and its descendants, read from
 * {@code /proc/<pid>/status} ({@code Threads}, {@code VmRSS}): what {@code ps} would show.
 *
 * @param processes how many processes were counted (1 + live descendants)
 * @param threads   OS threads over all of them
 * @param rssKb     resident set over all of them, KiB (shared pages are counted once per process)
 */
public record ProcStatus(int processes, int threads, long rssKb) {
    public static final ProcStatus NONE = new ProcStatus(0, 0, 0);

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

    public ProcStatus plus(ProcStatus other) {
        return new ProcStatus(processes + other.processes, threads + other.threads, rssKb + other.rssKb);
    }

    /** The larger of each figure: a peak over several samples. */
    public ProcStatus max(ProcStatus other) {
        return new ProcStatus(Math.max(processes, other.processes), Math.max(threads, other.threads),
                Math.max(rssKb, other.rssKb));
    }
}
