package echolab.toolkit.observe;

import java.io.PrintStream;

/** One line on standard error, rewritten in place, and only on a terminal. */
public final class Progress {
    private final PrintStream err;
    private final boolean terminal;
    private int shown;

    public Progress(PrintStream err) {
        this.err = err;
        this.terminal = err == System.err && System.console() != null && System.console().isTerminal();
    }

    public void show(String text) {
        if (terminal) {
            err.print("\r" + text + " ".repeat(Math.max(0, shown - text.length())));
            err.flush();
            shown = text.length();
        }
    }

    public void clear() {
        if (terminal && shown > 0) {
            err.print("\r" + " ".repeat(shown) + "\r");
            err.flush();
            shown = 0;
        }
    }
}
