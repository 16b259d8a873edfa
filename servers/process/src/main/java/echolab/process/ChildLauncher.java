package echolab.process;

import java.io.IOException;
import java.util.List;

/** Starts a child JVM whose standard input is a given socket descriptor. */
sealed interface ChildLauncher permits ProcessBuilderLauncher, PosixSpawnLauncher {
    /**
     * Starts {@code command} (its first element the program) with {@code socketFd} as its
     * standard input and {@code name} as its argv[0], what {@code ps} shows; returns its pid.
     */
    long start(String name, List<String> command, int socketFd) throws IOException;

    /** Who learns that a child has ended, and how it ended. */
    @FunctionalInterface
    interface ExitListener {
        void exited(long pid, String how);
    }
}
