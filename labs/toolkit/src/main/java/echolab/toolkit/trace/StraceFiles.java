package echolab.toolkit.trace;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The per-thread files of {@code strace -f -ff -ttt -o DIR/trace}: {@code trace.<tid>}, one call a
 * line. Each thread's name is the one it gave itself with {@code prctl(PR_SET_NAME)}, which is what
 * {@code /proc/<pid>/task/<tid>/comm} shows, so a thread that has ended still has its name; which
 * threads belong to child processes follows from the clones that made them.
 */
public final class StraceFiles {
    private static final Pattern CALL = Pattern.compile("^(\\d+)\\.(\\d{6}) (\\w+)\\((.*)\\) += (\\S+)(?: (E[A-Z0-9]+) .*)?$");
    private static final Pattern UNFINISHED = Pattern.compile("^(\\d+)\\.(\\d{6}) (\\w+)\\((.*) <unfinished \\.\\.\\.>\\)?.*$");
    private static final Pattern NAME = Pattern.compile("PR_SET_NAME, \"([^\"]*)\"");

    /** One thread's calls, its name, and whether it belongs to a process the server started. */
    public record Thread(long tid, String name, boolean childProcess, List<Call> calls) {
    }

    private StraceFiles() {
    }

    /** Reads every {@code prefix.<tid>} file in {@code dir}; {@code serverPid} is the JVM strace started. */
    public static List<Thread> read(Path dir, String prefix, long serverPid) throws IOException {
        Map<Long, List<Call>> calls = new HashMap<>();
        Map<Long, String> names = new HashMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.toList()) {
                String fileName = file.getFileName().toString();
                if (!fileName.matches(Pattern.quote(prefix) + "\\.\\d+")) {
                    continue;
                }
                long tid = Long.parseLong(fileName.substring(prefix.length() + 1));
                var list = new ArrayList<Call>();
                String name = "java";
                for (String line : Files.readAllLines(file, StandardCharsets.ISO_8859_1)) {
                    Call call = parse(line);
                    if (call == null) {
                        continue;
                    }
                    list.add(call);
                    Matcher named = NAME.matcher(call.arguments());
                    if (call.name().equals("prctl") && named.find()) {
                        name = named.group(1);
                    }
                }
                calls.put(tid, list);
                names.put(tid, name);
            }
        }
        // A process's threads are made by clones with CLONE_THREAD, a child process by one without.
        Map<Long, Long> parent = new HashMap<>();
        Set<Long> processes = new HashSet<>();
        calls.forEach((tid, list) -> list.forEach(call -> {
            if (call.newId() > 0) {
                parent.put(call.newId(), tid);
                if (call.newProcess() > 0) {
                    processes.add(call.newProcess());
                }
            }
        }));
        var threads = new ArrayList<Thread>();
        for (var entry : calls.entrySet()) {
            long tid = entry.getKey();
            threads.add(new Thread(tid, names.get(tid), inChild(tid, serverPid, parent, processes), entry.getValue()));
        }
        threads.sort(java.util.Comparator.comparingLong(Thread::tid));
        return threads;
    }

    private static boolean inChild(long tid, long serverPid, Map<Long, Long> parent, Set<Long> processes) {
        for (Long at = tid; at != null && at != serverPid; at = parent.get(at)) {
            if (processes.contains(at)) {
                return true;
            }
        }
        return false;
    }

    /**
     * One line of a per-thread file, or null for signals, exits, the second half of an interrupted
     * call, and a call a signal interrupted that the kernel then restarts (ERESTARTSYS and the
     * like: strace shows the restart as another line, but the program made one call; a process
     * server's accept is interrupted so by every child's SIGCHLD).
     */
    static Call parse(String line) {
        Matcher m = CALL.matcher(line);
        if (m.matches()) {
            if (m.group(6) != null && m.group(6).startsWith("ERESTART")) {
                return null;
            }
            return new Call(micros(m), m.group(3), m.group(5), m.group(6), m.group(4));
        }
        Matcher unfinished = UNFINISHED.matcher(line);
        if (unfinished.matches()) {
            return new Call(micros(unfinished), unfinished.group(3), null, null, unfinished.group(4));
        }
        return null;
    }

    private static long micros(Matcher m) {
        return Long.parseLong(m.group(1)) * 1_000_000 + Long.parseLong(m.group(2));
    }
}
