package echolab.core;

/**
 * How every server runs and stops. SIGINT and SIGTERM run the server's {@code close} (stop
 * accepting, close connections within a grace period, print the counters) and exit with status
 * 0. A {@code poison} fault closes only the listening socket: the server then serves its open
 * connections to their end and exits the same way.
 */
public final class Lifecycle {
    private Lifecycle() {
    }

    public static void runUntilStopped(EchoSession session, Runnable acceptLoop, Runnable close) {
        // The JVM exits with 128+signal after a signal; halting from the last hook is how a
        // Java program without JDK internals makes a clean stop exit with 0.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            close.run();
            System.out.flush();
            Runtime.getRuntime().halt(0);
        }, "stop"));
        acceptLoop.run();
        session.awaitNoConnections();
        System.exit(0);
    }
}
