package echolab.toolkit.observe;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import echolab.core.ServerCommandLine;

/**
 * A server process started the way {@code ./lab server KIND --port 0} starts it, with this JVM's
 * class path; its port read from the {@code listening on} line and its output kept for reading.
 */
public final class ObservedServer implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("listening on (\\S+):(\\d+) \\(server=\\S+ pid=(\\d+)\\)");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private final Process process;
    private final List<String> lines = new ArrayList<>();
    private boolean ended;
    private final int port;

    private ObservedServer(Process process) throws IOException {
        this.process = process;
        Thread.ofPlatform().daemon().name("observed-output-" + process.pid()).start(this::collectOutput);
        String listening = awaitLine(line -> LISTENING.matcher(line).find(), START_TIMEOUT);
        if (listening == null) {
            throw new IOException("the server printed no 'listening on' line: " + String.join(" | ", output()));
        }
        Matcher m = LISTENING.matcher(listening);
        if (!m.find()) {
            throw new IllegalStateException(listening);
        }
        this.port = Integer.parseInt(m.group(2));
    }

    /** True when {@code kind}'s main class is on this JVM's class path, which the server will run with. */
    public static boolean built(String kind) {
        try {
            Class.forName(ServerCommandLine.mainClass(kind), false, ObservedServer.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    public static ObservedServer start(String kind, List<String> args) throws IOException {
        var command = new ArrayList<String>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("--enable-native-access=ALL-UNNAMED");
        command.add("-cp");
        command.add(classPath(System.getProperty("java.class.path")));
        command.add(ServerCommandLine.mainClass(kind));
        command.add("--port");
        command.add("0");
        command.addAll(args);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            return new ObservedServer(process);
        } catch (IOException | RuntimeException e) {
            kill(process.toHandle());
            throw e;
        }
    }

    /**
     * The class path as {@code ./lab} wrote it ({@code dir/*}) when every entry is a jar in one
     * folder, so the command a student sees in ps stays one line.
     */
    static String classPath(String expanded) {
        List<Path> entries = java.util.Arrays.stream(expanded.split(java.io.File.pathSeparator)).map(Path::of).toList();
        Path folder = entries.getFirst().getParent();
        boolean oneFolderOfJars = folder != null && entries.stream()
                .allMatch(e -> folder.equals(e.getParent()) && e.getFileName().toString().endsWith(".jar"));
        if (!oneFolderOfJars) {
            return expanded;
        }
        try (var listing = java.nio.file.Files.list(folder)) {
            // The wildcard also takes jars we were not started with: only use it when there are none.
            long jars = listing.filter(f -> f.getFileName().toString().endsWith(".jar")).count();
            return jars == entries.size() ? folder.resolve("*").toString() : expanded;
        } catch (IOException e) {
            return expanded;
        }
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    public synchronized List<String> output() {
        return List.copyOf(lines);
    }

    /** The first line (printed before or after this call) that matches, or null after {@code timeout}. */
    public synchronized String awaitLine(Predicate<String> matching, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        int seen = 0;
        while (true) {
            for (; seen < lines.size(); seen++) {
                if (matching.test(lines.get(seen))) {
                    return lines.get(seen);
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0 || ended) {
                return null;
            }
            try {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
    }

    /** Waits until {@code count} lines match, and returns them (fewer if {@code timeout} passes first). */
    public synchronized List<String> awaitLines(Predicate<String> matching, int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<String> found = lines.stream().filter(matching).toList();
            long left = deadline - System.nanoTime();
            if (found.size() >= count || left <= 0 || ended) {
                return found;
            }
            try {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return found;
            }
        }
    }

    /** SIGTERM to the server (it prints its counters and exits); its children, which may outlive it, are killed by pid. */
    @Override
    public void close() {
        kill(process.toHandle());
    }

    private static void kill(ProcessHandle server) {
        List<ProcessHandle> descendants = server.descendants().toList();
        server.destroy();
        descendants.forEach(ProcessHandle::destroyForcibly);
        try {
            server.onExit().get(5, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException notYet) {
            server.destroyForcibly();
        } catch (InterruptedException e) {
            server.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        descendants.forEach(ProcessHandle::destroyForcibly);
    }

    private void collectOutput() {
        try (var reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                synchronized (this) {
                    lines.add(line);
                    notifyAll();
                }
            }
        } catch (IOException gone) {
            // The process is gone; what it printed is kept.
        } finally {
            synchronized (this) {
                ended = true;
                notifyAll();
            }
        }
    }
}
