package echolab.toolkit.observe;

/** One line of {@code ps -o pid,ppid,stat,nlwp,rss,args}: RSS in KiB, threads as the kernel counts them. */
public record ProcessRow(long pid, long ppid, String state, int threads, long rssKib, String command) {
    /** {@code Z} in ps: exited, but its parent has not collected the exit status yet. */
    public boolean zombie() {
        return state.startsWith("Z");
    }
}
