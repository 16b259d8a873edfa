package echolab.toolkit.trace;

/**
 * What a thread does in a server, told from its name (its {@code comm}, at most 15 characters):
 * the main thread ({@code java}) accepts, {@code worker-N} threads handle, {@code ForkJoinPool-1-…}
 * threads carry virtual threads, {@code MasterPoller} and the read and write pollers wait for sockets.
 */
public enum Role {
    ACCEPTOR("acceptor"), HANDLER("handler"), CARRIER("carrier"), POLLER("poller"), REAPER("reaper"),
    CHILD("child process"), JVM("jvm");

    private final String word;

    Role(String word) {
        this.word = word;
    }

    public String word() {
        return word;
    }

    public static Role of(StraceFiles.Thread thread, long serverPid) {
        if (thread.childProcess()) {
            return CHILD;
        }
        String name = thread.name();
        if (thread.tid() == serverPid) {
            // The launcher's own thread: it starts the JVM's main thread and waits for it.
            return JVM;
        }
        if (name.equals("java")) {
            return ACCEPTOR;
        }
        if (name.startsWith("worker-")) {
            return HANDLER;
        }
        if (name.startsWith("ForkJoinPool-")) {
            return CARRIER;
        }
        if (name.contains("Poller")) {
            return POLLER;
        }
        if (name.contains("reaper")) {
            return REAPER;
        }
        return JVM;
    }
}
