package echolab.threadpool;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import echolab.core.Cli;
import echolab.core.Connection;
import echolab.core.EchoSession;
import echolab.core.Lifecycle;
import echolab.core.Listeners;
import echolab.core.ServerCommandLine;
import echolab.core.ServerOptions;

/**
 * Serves each connection on one of a fixed number of platform threads. Connections beyond the
 * threads wait in a bounded queue, accepted but unserved; past the queue the server answers
 * {@code ERR busy} and closes. However many clients come, {@code ps} shows the same thread count.
 */
public final class ThreadPoolServer {
    static final String KIND = "threadpool";

    private final ServerSocket listener;
    private final EchoSession session;
    private final ThreadPoolExecutor pool;
    private final int threads;
    private final int queue;
    private final Duration queueTimeout;
    // One permit per connection being served or waiting. The executor's own bounded queue cannot
    // be the limit: a worker that has just finished is not yet waiting on the queue, so a full
    // ArrayBlockingQueue (or a SynchronousQueue) rejects work while a thread is about to be idle.
    private final Semaphore admitted;

    ThreadPoolServer(ServerOptions options, int threads, int queue, Duration queueTimeout) throws IOException {
        this.listener = Listeners.open(options);
        this.session = EchoSession.forThreads(options, listener);
        this.threads = threads;
        this.queue = queue;
        this.queueTimeout = queueTimeout;
        this.admitted = new Semaphore(threads + queue);
        this.pool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(), Thread.ofPlatform().name("worker-", 1).factory());
    }

    void start() {
        // Every worker exists before the first client, so the thread count never moves.
        pool.prestartAllCoreThreads();
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
        if (!admitted.tryAcquire()) {
            session.refuseBusy(connection, threads + " threads busy, queue of " + queue + " full");
            return;
        }
        Runnable task = () -> {
            try {
                session.serve(connection);
            } finally {
                admitted.release();
            }
        };
        try {
            pool.execute(task);
        } catch (RejectedExecutionException stopping) {
            admitted.release();
            session.refuseBusy(connection, "server stopping");
            return;
        }
        if (!queueTimeout.isZero() && pool.getQueue().contains(task)) {
            session.deadlines().schedule(queueTimeout, () -> refuseIfStillQueued(connection, task));
        }
    }

    /** The queue timeout: a connection no worker has taken yet is refused (a worker that took it first wins). */
    private void refuseIfStillQueued(Connection connection, Runnable task) {
        if (pool.remove(task)) {
            admitted.release();
            session.refuseBusy(connection, "waited " + queueTimeout.toMillis() + " ms for a worker (--queue-timeout)");
        }
    }

    void close() {
        session.stop(listener);
        pool.shutdownNow();
    }

    public static void main(String[] args) {
        Cli.run("server " + KIND, args, arguments -> {
            var command = new ServerCommandLine(KIND, "Serve each connection on a fixed pool of platform threads.")
                    .value("threads", "N", "worker threads (default 4)")
                    .value("queue", "M", "accepted connections waiting for a worker; past it, ERR busy (default 16)")
                    .value("queue-timeout", "DURATION", "answer ERR busy to a connection that waited this long for a worker, "
                            + "e.g. 5s (default: never)");
            var parsed = command.parse(arguments);
            var server = new ThreadPoolServer(command.options(parsed),
                    parsed.integer("threads", 4, 1, 10_000), parsed.integer("queue", 16, 0, 1_000_000),
                    parsed.duration("queue-timeout", Duration.ZERO));
            server.start();
            Lifecycle.runUntilStopped(server.session, server::acceptLoop, server::close);
        });
    }
}
