package echolab.process;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import echolab.core.Connection;
import echolab.core.EchoSession;

/**
 * The parent's table of live children, each with the connection it serves. A connection stays
 * open in the parent's session until its child is known to have ended, so {@code stats},
 * {@code --max-children} and the stop summary count children, not sockets.
 */
final class Children implements ChildLauncher.ExitListener {
    private final EchoSession session;
    private final Map<Long, Connection> running = new HashMap<>();

    Children(EchoSession session) {
        this.session = session;
    }

    synchronized int count() {
        return running.size();
    }

    /** Starts a child and records it, under the lock so that its exit cannot be reported first. */
    synchronized void start(Connection connection, ChildLauncher launcher, String name, List<String> command,
                            int socketFd) throws IOException {
        long pid = launcher.start(name, command, socketFd);
        running.put(pid, connection);
        session.log().emit("child_started", "Parent: child " + pid + " started for connection " + connection.number(),
                Map.of("conn", connection.number(), "child", pid));
    }

    @Override
    public void exited(long pid, String how) {
        Connection connection;
        synchronized (this) {
            connection = running.remove(pid);
        }
        if (connection != null) {
            session.servedElsewhere(connection, "child " + pid + " " + how);
        }
    }

    /** Asks every child to stop (SIGTERM), as a shell's job control would. */
    void terminateAll() {
        pids().forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy));
    }

    /** Kills the children still there after the grace period (SIGKILL). */
    void killAll() {
        pids().forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
    }

    private synchronized List<Long> pids() {
        return List.copyOf(running.keySet());
    }
}
