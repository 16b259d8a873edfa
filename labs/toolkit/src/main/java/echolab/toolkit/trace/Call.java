package echolab.toolkit.trace;

/**
 * One system call from a {@code strace -ttt} line: when it entered, its name, what it returned,
 * and its error name when it failed ({@code EAGAIN}), null otherwise.
 */
public record Call(long micros, String name, String result, String error, String arguments) {
    /** What {@link #kind} calls the ways of reading and writing a socket. */
    private static final java.util.Set<String> READS = java.util.Set.of("read", "recvfrom", "recvmsg", "readv", "recv");
    private static final java.util.Set<String> WRITES = java.util.Set.of("write", "sendto", "sendmsg", "writev", "send");

    /**
     * The row it counts in: {@code read}, {@code read → EAGAIN}, {@code write}, {@code epoll_wait},
     * {@code clone} (for clone, clone3, vfork and fork), {@code wait4} (and waitid), or its own name.
     */
    public String kind() {
        if (READS.contains(name)) {
            return "EAGAIN".equals(error) ? "read → EAGAIN" : "read";
        }
        if (WRITES.contains(name)) {
            return "write";
        }
        return switch (name) {
            case "epoll_wait", "epoll_pwait", "epoll_pwait2" -> "epoll_wait";
            case "clone", "clone3", "vfork", "fork" -> "clone";
            case "wait4", "waitid", "waitpid" -> "wait4";
            case "accept", "accept4" -> "accept";
            case "poll", "ppoll" -> "poll";
            default -> name;
        };
    }

    /** For a clone that made a process, not a thread: its new id; -1 otherwise. */
    public long newProcess() {
        return kind().equals("clone") && !arguments.contains("CLONE_THREAD") ? newId() : -1;
    }

    /** The id a clone returned (a thread's or a process's), -1 if none. */
    public long newId() {
        if (!kind().equals("clone") || result == null || !result.matches("\\d+")) {
            return -1;
        }
        return Long.parseLong(result);
    }
}
