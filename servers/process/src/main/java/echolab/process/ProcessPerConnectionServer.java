package echolab.process;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import echolab.core.Cli;
import echolab.core.Connection;
import echolab.core.Counters;
import echolab.core.EchoSession;
import echolab.core.EventLog;
import echolab.core.Lifecycle;
import echolab.core.Listeners;
import echolab.core.ServerCommandLine;
import echolab.core.ServerOptions;
import echolab.core.UsageException;

/**
 * Serves each connection in a child JVM of its own, like a C server that forks or like inetd:
 * the parent accepts, makes the socket the child's standard input, and closes its own copy at
 * once. A child's crash ends only its connection; each child counts its own broken pipes.
 */
public final class ProcessPerConnectionServer {
    static final String KIND = "process";

    private final ServerOptions options;
    private final ServerSocket listener;
    private final EchoSession session;
    private final Children children;
    private final ChildLauncher launcher;
    private final ChildCommand childCommand;
    private final PoisonChannel poisonChannel;
    private final ParentLifeline lifeline;
    private final int maxChildren;
    private final boolean leakParentFd;
    // The leaked copies are kept reachable, so that no cleaner closes them behind the lab's back.
    private final List<Socket> leakedCopies = new CopyOnWriteArrayList<>();

    ProcessPerConnectionServer(ServerOptions options, String launcherName, boolean reap, ChildCommand childCommand,
                               int maxChildren, boolean leakParentFd) throws IOException {
        this.options = options;
        this.listener = Listeners.open(options);
        this.session = new EchoSession(options, Counters.forParent(), new EventLog(options, () -> "Parent", System.out),
                new EchoSession.Hooks(this::closeListener, () -> { }));
        this.children = new Children(session);
        this.launcher = launcherName.equals("native")
                ? new PosixSpawnLauncher(reap, children)
                : new ProcessBuilderLauncher(children);
        this.childCommand = childCommand;
        this.poisonChannel = new PoisonChannel();
        this.lifeline = ParentLifeline.hold(poisonChannel.directory());
        this.maxChildren = maxChildren;
        this.leakParentFd = leakParentFd;
    }

    void start() {
        Posix.bindParentCalls();
        poisonChannel.listen(this::closeListener);
        session.log().listening(listener);
    }

    void acceptLoop() {
        while (!listener.isClosed()) {
            session.waiting(listener);
            try {
                Socket socket = listener.accept();
                dispatch(session.accepted(socket));
            } catch (IOException e) {
                session.acceptFailed(listener, e);
            }
        }
    }

    void dispatch(Connection connection) {
        if (children.count() >= maxChildren) {
            session.refuseBusy(connection, maxChildren + " children running");
            return;
        }
        Socket socket = connection.socket();
        try {
            int fd = SocketDescriptor.of(socket);
            var spec = new ChildSpec(connection.number(), EventLog.pid(), lifeline.file(), poisonChannel.path(), options);
            children.start(connection, launcher, ChildCommand.name(spec), childCommand.forChild(spec), fd);
            if (leakParentFd) {
                leakedCopies.add(socket);
                return;
            }
            Posix.detach(fd);
        } catch (IOException | RuntimeException e) {
            handOverFailed(connection, e);
        }
        closeQuietly(socket);
    }

    /**
     * A client that reset before the hand-over leaves the kernel without a peer for its socket
     * (getpeername: ENOTCONN), so its descriptor cannot be found: a normal end. Anything else (no
     * descriptor left to find it with, a child that cannot be spawned) is the server's failure,
     * and the client hears ERR busy if it is still there to hear it.
     */
    private void handOverFailed(Connection connection, Exception e) {
        if (SocketDescriptor.clientLeft(connection.socket())) {
            session.servedElsewhere(connection, "client left before hand-over");
            return;
        }
        session.log().error("cannot start a child for connection " + connection.number(), e);
        session.refuseBusy(connection, "no child started: " + e.getMessage());
    }

    void close() {
        children.terminateAll();
        session.stop(listener);
        children.killAll();
        // The lifeline's file lies in the poison channel's directory, which goes last.
        lifeline.close();
        poisonChannel.close();
    }

    private void closeListener() {
        closeQuietly(listener);
    }

    private static void closeQuietly(java.io.Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException ignored) {
            // Already closed: what closing was for.
        }
    }

    public static void main(String[] args) {
        Cli.run("server " + KIND, args, arguments -> {
            var command = new ServerCommandLine(KIND, "Serve each connection in a child JVM of its own, like fork() or inetd.")
                    .value("launcher", "HOW", "processbuilder (default; the JDK reaps) or native (posix_spawn)")
                    .flag("no-reap", "with --launcher native: never waitpid, so ended children stay zombies")
                    .flag("leak-parent-fd", "keep the parent's copy of each socket: the classic fork-server bug")
                    .value("max-children", "N", "children at once; past it, ERR busy (default 1000)")
                    .value("child-jvm", "FLAGS", "tuned (default: flags for a fast start) or default (plain java)")
                    .flag("no-aot-cache", "do not use the build's AOT cache for children");
            var parsed = command.parse(arguments);
            String launcher = parsed.choice("launcher", "processbuilder", List.of("processbuilder", "native"));
            if (parsed.flag("no-reap") && !launcher.equals("native")) {
                throw new UsageException("--no-reap needs --launcher native: the JDK reaps what ProcessBuilder starts");
            }
            var childCommand = new ChildCommand(
                    parsed.choice("child-jvm", "tuned", List.of("tuned", "default")).equals("tuned"),
                    !parsed.flag("no-aot-cache"));
            var server = new ProcessPerConnectionServer(command.options(parsed), launcher, !parsed.flag("no-reap"),
                    childCommand, parsed.integer("max-children", 1000, 1, 100_000), parsed.flag("leak-parent-fd"));
            server.start();
            Lifecycle.runUntilStopped(server.session, server::acceptLoop, server::close);
        });
    }
}
