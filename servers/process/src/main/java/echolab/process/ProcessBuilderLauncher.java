package echolab.process;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import echolab.core.Executables;

/**
 * Starts children with {@link ProcessBuilder}, which can pass on only the parent's own
 * standard streams: so the socket is made the parent's descriptor 0 for the moment of the
 * start, and inherited. The JDK's "process reaper" thread waits for every child it starts,
 * which is why this launcher never leaves a zombie.
 *
 * <p>{@link ProcessBuilder} gives a program its own path as argv[0], so the child's name is set
 * by bash's {@code exec -a}, which replaces the shell with the JVM: the same pid, the same
 * parent, one exec more (about 2 ms; POSIX sh has no {@code -a}). bash is named by the absolute
 * path found once: given as {@code bash}, every child's start would walk PATH with a failing
 * {@code execve} per folder before it (nine on a PATH of ten folders, in {@code ./lab trace}).
 */
final class ProcessBuilderLauncher implements ChildLauncher {
    private static final List<String> EXEC_AS_ARGV0 = List.of(
            Executables.find("bash").map(Path::toString).orElse("bash"), "-c", "exec -a \"$0\" \"$@\"");

    private final ExitListener onExit;

    ProcessBuilderLauncher(ExitListener onExit) {
        this.onExit = onExit;
    }

    // Synchronized: descriptor 0 is one per process, so two starts at once would swap each other's.
    @Override
    public synchronized long start(String name, List<String> command, int socketFd) throws IOException {
        var named = new ArrayList<>(EXEC_AS_ARGV0);
        named.add(name);
        named.addAll(command);
        int parentStdin = Posix.dup(0);
        Process child;
        try {
            Posix.dup2(socketFd, 0);
            child = new ProcessBuilder(named).inheritIO().start();
        } finally {
            Posix.dup2(parentStdin, 0);
            Posix.close(parentStdin);
        }
        long pid = child.pid();
        child.onExit().thenAccept(ended -> onExit.exited(pid, "exited with status " + ended.exitValue()));
        return pid;
    }
}
