package echolab.process;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.util.concurrent.locks.LockSupport;

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
        // If the parent dies, even by SIGKILL, this child ends too; if it died already, there is
        // nobody left to serve for.
        if (!ParentLifeline.watch(spec.lifeline(), () -> Runtime.getRuntime().halt(ORPHANED_STATUS))) {
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
        var connection = session.adopted(channel.socket(), spec.connection());
        session.serve(connection);
        log.flush();
        if (connection.abandoned()) {
            // The leak fault: exiting would let the kernel close the socket. A leaking child
            // lives on holding it, so the server side stays in CLOSE_WAIT until the parent
            // stops and ends its children.
            while (true) {
                LockSupport.park();
            }
        }
        return 0;
    }
}
