package echolab.core;

import java.io.IOException;
import java.util.Locale;

/** A write that failed because the peer is gone: EPIPE or ECONNRESET, told apart. */
final class PeerGone extends IOException {
    private final Counters.PipeFailure kind;

    private PeerGone(Counters.PipeFailure kind, IOException cause) {
        super(cause.getMessage(), cause);
        this.kind = kind;
    }

    Counters.PipeFailure kind() {
        return kind;
    }

    /**
     * Returns the peer-gone failure {@code e} stands for, or {@code e} itself when it is some
     * other failure. The JDK reports both errnos as plain {@link IOException}s carrying the
     * C library's message, so the message is all there is to go by.
     */
    static IOException classify(IOException e) {
        String message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        if (message.contains("broken pipe")) {
            return new PeerGone(Counters.PipeFailure.BROKEN_PIPE, e);
        }
        if (message.contains("connection reset")) {
            return new PeerGone(Counters.PipeFailure.RESET, e);
        }
        return e;
    }
}
