package echolab.process;

import java.util.List;
import java.util.concurrent.Semaphore;

/**
 * Starts children with {@code posix_spawn}, behind the JDK's back: nobody waits for them
 * unless we do. With reaping on, a reaper thread plays the C lab's SIGCHLD handler and calls
 * {@code waitpid}; with it off, every ended child stays a zombie until the parent exits.
 */
final class PosixSpawnLauncher implements ChildLauncher {
    private final ExitListener onExit;
    private final boolean reap;
    // One permit per child not yet reaped, so the reaper blocks here rather than spin on ECHILD.
    private final Semaphore unreaped = new Semaphore(0);

    PosixSpawnLauncher(boolean reap, ExitListener onExit) {
        this.reap = reap;
        this.onExit = onExit;
        if (reap) {
            Thread.ofPlatform().daemon().name("reaper").start(this::reapForever);
        }
    }

    @Override
    public long start(String name, List<String> command, int socketFd) {
        int pid = Posix.spawn(name, command, socketFd);
        if (reap) {
            unreaped.release();
        }
        return pid;
    }

    private void reapForever() {
        while (true) {
            unreaped.acquireUninterruptibly();
            Posix.Exit exit = Posix.waitAny();
            if (exit != null) {
                onExit.exited(exit.pid(), exit.describe());
            }
        }
    }
}
