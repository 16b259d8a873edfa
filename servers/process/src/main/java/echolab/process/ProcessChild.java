package echolab.process;

import java.io.IOException;
import java.nio.channels.SocketChannel;

import echolab.core.Counters;
import echolab.core.EchoSession;
import echolab.core.EventLog;

/**
 * The child JVM of the process server: like an inetd service, it finds its connection on
 * standard input ({@link System#inheritedChannel()}), serves it with the one echo session
 * every server shares, and exits.
 */
public final class ProcessChild {
    /** The exit status of a child that halts on {@code crash}, as a C child killed by abort(). */
    static final int CRASH_STATUS = 134;
    static final int ORPHANED_STATUS = 1;
    static final int NOT_A_SOCKET_STATUS = 3;

    private ProcessChild() {
    }

    public static void main(String[] args) throws IOException {
        Runtime.getRuntime().halt(run(ChildSpec.fromSystemProperties()));
    }

    /** Serves the connection on standard input; returns the exit status. */
    static int run(ChildSpec spec) throws IOException {
        // If the parent dies, even by SIGKILL, the kernel kills this child too; if it died
        // before we asked, our parent is already someone else.
        Posix.dieWithParent();
        if (Posix.getppid() != spec.parentPid()) {
            return ORPHANED_STATUS;
        }
        ChildOutput.keepStandardStreams();
        if (!(System.inheritedChannel() instanceof SocketChannel channel)) {
            System.err.println("process child: standard input is not a connected socket");
            return NOT_A_SOCKET_STATUS;
        }
        String name = "child " + EventLog.pid();
        var log = new EventLog(spec.options(), () -> name, System.out);
        var session = new EchoSession(spec.options(), new Counters(), log, new EchoSession.Hooks(
                () -> PoisonChannel.send(spec.poisonChannel()),
                () -> {
                    log.flush();
                    Runtime.getRuntime().halt(CRASH_STATUS);
                }));
        session.serve(session.adopted(channel.socket(), spec.connection()));
        log.flush();
        return 0;
    }
}
