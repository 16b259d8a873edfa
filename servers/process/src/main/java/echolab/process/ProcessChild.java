package echolab.process;

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
    static final int NOT_A_SOCKET_STATUS = 3;

    private ProcessChild() {
    }

    public static void main(String[] args) throws Exception {
        var spec = ChildSpec.fromSystemProperties();
        // If the parent dies, even by SIGKILL, the kernel kills this child too; if it died
        // before we asked, our parent is already someone else.
        Posix.dieWithParent();
        if (Posix.getppid() != spec.parentPid()) {
            Runtime.getRuntime().halt(1);
        }
        ChildOutput.keepStandardStreams();
        if (!(System.inheritedChannel() instanceof SocketChannel channel)) {
            System.err.println("process child: standard input is not a connected socket");
            Runtime.getRuntime().halt(NOT_A_SOCKET_STATUS);
            return;
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
        // Nothing is left to clean up: the socket is closed and output flushed.
        Runtime.getRuntime().halt(0);
    }
}
