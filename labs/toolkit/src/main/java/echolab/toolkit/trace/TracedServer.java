package echolab.toolkit.trace;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import echolab.core.testing.ServerProcess;
import echolab.toolkit.MissingRequirement;

/**
 * A server run as strace's child, {@code strace -f -ff -ttt -o DIR/trace java … --port 0}: a tracer
 * may always trace its own child, so no ptrace permission is needed. strace ignores SIGTERM while
 * its tracee runs, so the server itself is signalled; strace ends with it.
 */
final class TracedServer implements AutoCloseable {
    static final String PREFIX = "trace";
    private static final Pattern PID = Pattern.compile("listening on \\S+ \\(server=\\S+ pid=(\\d+)\\)");
    private static final Duration STOP = Duration.ofSeconds(30);

    private final ServerProcess strace;
    private final long serverPid;
    private final Path dir;
    private final List<String> command;

    private TracedServer(ServerProcess strace, long serverPid, Path dir, List<String> command) {
        this.strace = strace;
        this.serverPid = serverPid;
        this.dir = dir;
        this.command = command;
    }

    static TracedServer start(String kind, Path dir) throws IOException {
        MissingRequirement.requireTool("trace", "strace", "strace");
        var command = new ArrayList<>(List.of("strace", "-f", "-ff", "-ttt", "-qq", "-o", dir.resolve(PREFIX).toString()));
        command.addAll(ServerProcess.command(kind, List.of(), List.of("--port", "0")));
        ServerProcess strace;
        try {
            strace = ServerProcess.start(command);
        } catch (TimeoutException e) {
            if (e.getMessage() != null && e.getMessage().contains("ptrace")) {
                throw new MissingRequirement("strace cannot trace here (" + firstLine(e.getMessage())
                        + "): a container may need --cap-add SYS_PTRACE, or kernel.yama.ptrace_scope below 3");
            }
            throw new IOException("the server under strace printed no 'listening on' line: " + e.getMessage(), e);
        }
        Optional<String> listening = strace.output().stream().filter(l -> PID.matcher(l).find()).findFirst();
        if (listening.isEmpty()) {
            strace.close();
            throw new IOException("no server pid in: " + strace.output());
        }
        Matcher m = PID.matcher(listening.get());
        m.find();
        return new TracedServer(strace, Long.parseLong(m.group(1)), dir, command);
    }

    int port() {
        return strace.port();
    }

    long pid() {
        return serverPid;
    }

    Path dir() {
        return dir;
    }

    /** The command line as typed, the JVM's class path shortened. */
    String commandLine() {
        return String.join(" ", command.stream().map(w -> w.length() > 80 ? "<class path>" : w).toList());
    }

    List<String> output() {
        return strace.output();
    }

    /** The server's children still running (the process model's child JVMs). */
    long children() {
        return ProcessHandle.of(serverPid).map(p -> p.children().filter(ProcessHandle::isAlive).count()).orElse(0L);
    }

    /** Stops the server with SIGTERM, as Ctrl-C would, and waits for strace to write its last lines and exit. */
    void stop() throws IOException, InterruptedException {
        ProcessHandle.of(serverPid).ifPresent(ProcessHandle::destroy);
        if (!strace.process().waitFor(STOP.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IOException("the traced server did not stop within " + STOP.toSeconds() + " s of SIGTERM");
        }
    }

    @Override
    public void close() {
        ProcessHandle.of(serverPid).ifPresent(p -> {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        });
        strace.close();
    }

    private static String firstLine(String text) {
        return text.lines().filter(l -> l.contains("ptrace")).findFirst().orElse(text).strip();
    }
}
