package echolab.benchmarks;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import echolab.core.Executables;
import echolab.core.ServerCommandLine;
import echolab.core.testing.JavaCommand;
import echolab.core.testing.ServerProcess;

/**
 * One echo server under measurement, started as its own process exactly as a user starts it
 * ({@code java -cp ... <main class> --port 0}, through core's {@code ServerProcess}, which reads
 * the port from the {@code listening on} line), never inside the measuring JVM; {@link #close()}
 * stops it as a user does, by SIGTERM to its pid.
 *
 * <p>Besides the four echolab kinds there are two peers: {@code netty} ({@link NettyEchoServer})
 * for the thread models and {@code socat} (a process per connection, like inetd) for the process
 * model.
 */
public final class ServerUnderTest implements AutoCloseable {
    /** The servers in the order tables show them: the four models, then the peers. */
    public static final List<String> ALL = List.of("sequential", "process", "threadpool", "virtual", "netty", "socat");

    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private final String name;
    private final Process process;
    private final int port;
    /**
     * Stops the server if this JVM ends without {@link #close()}: a JMH fork whose iteration
     * tear-down throws (SleepBound's Little's law check on a busy machine) skips the trial
     * tear-down that would close it, and the server lived on as an orphan.
     */
    private final Thread stopAtExit;

    private ServerUnderTest(String name, Process process, int port) {
        this.name = name;
        this.process = process;
        this.port = port;
        this.stopAtExit = new Thread(this::stop, "stop-" + name + "-at-exit");
        Runtime.getRuntime().addShutdownHook(stopAtExit);
    }

    /** Why {@code name} cannot run here, or null when it can. */
    public static String unavailable(String name) {
        return switch (name) {
            case "socat" -> Path.of("/usr/bin/socat").toFile().canExecute() || Executables.onPath("socat") ? null
                    : "socat is not installed (apt-get install socat)";
            case "netty" -> null;
            default -> {
                if (ServerCommandLine.mainClass(name) == null) {
                    throw new IllegalArgumentException("no server '" + name + "'; servers: " + ALL);
                }
                yield null;
            }
        };
    }

    /** Starts {@code name} on loopback, an ephemeral port, with {@code extraArgs} after its own. */
    public static ServerUnderTest start(String name, String... extraArgs) throws IOException {
        String missing = unavailable(name);
        if (missing != null) {
            throw new IllegalStateException("skipped: " + name + ": " + missing);
        }
        return name.equals("socat") ? startSocat() : startJava(name, List.of(extraArgs));
    }

    private static ServerUnderTest startJava(String name, List<String> extraArgs) throws IOException {
        String classPath = name.equals("process") ? launcherClassPath().orElse(System.getProperty("java.class.path"))
                : System.getProperty("java.class.path");
        String mainClass = name.equals("netty") ? NettyEchoServer.class.getName() : ServerCommandLine.mainClass(name);
        var arguments = new ArrayList<>(List.of("--port", "0"));
        arguments.addAll(extraArgs);
        try {
            ServerProcess server = ServerProcess.start(JavaCommand.of(classPath, mainClass, List.of(), arguments));
            // A benchmark makes the server print millions of event lines: drained, not kept.
            server.stopKeepingOutput();
            return new ServerUnderTest(name, server.process(), server.port());
        } catch (TimeoutException e) {
            throw new IOException("could not start " + name + ": " + e.getMessage(), e);
        }
    }

    /** socat prints nothing when it listens: a free port is picked here and polled until it answers. */
    private static ServerUnderTest startSocat() throws IOException {
        int port;
        try (var probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        Process process = new ProcessBuilder("socat",
                "TCP-LISTEN:" + port + ",bind=127.0.0.1,fork,reuseaddr,backlog=4096", "EXEC:cat")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (true) {
            try (var socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return new ServerUnderTest("socat", process, port);
            } catch (IOException notYet) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    destroyTree(process.toHandle());
                    throw new IOException("socat did not listen on port " + port + ": " + notYet.getMessage());
                }
                // Polling is the only way to see socat listen; the back-off bounds the loop.
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while starting socat");
                }
            }
        }
    }

    /**
     * {@code ./lab}'s class path ({@code labs/toolkit/target/lib/*}) when this code runs from a build
     * of the project. The process server's children find their AOT cache beside the process jar and
     * it holds only for the class path it was trained with: from the shaded benchmarks jar, the
     * children would start without it, so the process server runs from the launcher's jars as
     * {@code ./lab server process} runs it.
     */
    static Optional<String> launcherClassPath() {
        try {
            Path here = Path.of(ServerUnderTest.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            for (Path dir = here.getParent(); dir != null; dir = dir.getParent()) {
                Path lib = dir.resolve("labs/toolkit/target/lib");
                if (Files.isRegularFile(lib.resolve("echolab-process-child.aot"))) {
                    return Optional.of(lib + "/*");
                }
            }
        } catch (URISyntaxException | RuntimeException e) {
            // Not run from a build of the project: the JVM's own class path will do.
        }
        return Optional.empty();
    }

    /**
     * A short class path holding this module's classes: its thin jar in {@code ./lab}'s
     * {@code target/lib} when there is a build of the project (a JVM opens the jar it finds a
     * main class in, and the shaded benchmarks jar is a hundred times bigger than a child's),
     * else this JVM's own.
     */
    static String thinJarClassPath() {
        return launcherClassPath()
                .map(lib -> Path.of(lib.substring(0, lib.length() - 1)))
                .flatMap(ServerUnderTest::benchmarksJar)
                .orElse(System.getProperty("java.class.path"));
    }

    private static Optional<String> benchmarksJar(Path lib) {
        try (var jars = Files.list(lib)) {
            return jars.map(Path::toString).filter(jar -> jar.matches(".*/echolab-benchmarks-[^/]*\\.jar")).findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    public ProcessHandle handle() {
        return process.toHandle();
    }

    /** Threads and resident memory of the server and every process it started. */
    public ProcStatus status() {
        return ProcStatus.ofTree(process.toHandle());
    }

    /** SIGTERM, the way a user stops a server; whatever is left after ten seconds is killed. */
    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(stopAtExit);
        } catch (IllegalStateException exiting) {
            // The JVM is already on its way out: the hook stops the server.
        }
        stop();
    }

    private void stop() {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                destroyTree(process.toHandle());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            destroyTree(process.toHandle());
        }
        // A child that outlives its parent (socat's forks, a process server's children) is ours to end.
        children.forEach(ProcessHandle::destroyForcibly);
    }

    private static void destroyTree(ProcessHandle handle) {
        handle.descendants().forEach(ProcessHandle::destroyForcibly);
        handle.destroyForcibly();
    }

    @Override
    public String toString() {
        return name + " (pid " + pid() + ", port " + port + ")";
    }
}
