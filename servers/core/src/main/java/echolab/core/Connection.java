package echolab.core;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicBoolean;

/** An accepted socket and its number, counted from 1 in the order the server accepted them. */
public final class Connection {
    private final Socket socket;
    private final long number;
    private final AtomicBoolean ended = new AtomicBoolean();
    private volatile boolean abandoned;
    /** When the write now blocked began ({@link System#nanoTime()}), or 0 while no write is under way. */
    private volatile long writingSince;
    /** Why the server cut this connection from outside its handler, or null while it has not. */
    private volatile String cutBecause;

    Connection(Socket socket, long number) {
        this.socket = socket;
        this.number = number;
    }

    public Socket socket() {
        return socket;
    }

    public long number() {
        return number;
    }

    /** Marks the connection as leaked by the {@code leak} fault: nobody will read or close it. */
    void abandon() {
        abandoned = true;
    }

    /** Whether a {@code leak} fault abandoned this connection: open, and nobody will close it. */
    public boolean abandoned() {
        return abandoned;
    }

    /** True the first time only: a connection's end is counted once, whoever sees it first. */
    boolean markEnded() {
        return ended.compareAndSet(false, true);
    }

    /**
     * The socket's output, timing each write so that {@link Deadlines} can see one that the
     * client blocks by never reading.
     */
    OutputStream timedOutput() throws IOException {
        OutputStream out = socket.getOutputStream();
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                // Never 0 while writing: 0 means "not writing".
                writingSince = System.nanoTime() | 1;
                try {
                    out.write(bytes, offset, length);
                } finally {
                    writingSince = 0;
                }
            }
        };
    }

    /** Whether a write has been blocked for longer than {@code nanos}. */
    boolean writeBlockedLongerThan(long nanos, long now) {
        long since = writingSince;
        return since != 0 && now - since > nanos;
    }

    /**
     * Ends the connection from outside its handler (a deadline, or the end of a stop's grace
     * period): closes it abortively, since what it still holds to send will never be read,
     * which also wakes a handler blocked on it.
     */
    void cut(String because) {
        cutBecause = because;
        try {
            socket.setSoLinger(true, 0);
        } catch (IOException alreadyClosed) {
            // Closing is all that is left to do.
        }
        close();
    }

    /** Why the server cut this connection, or null if it did not. */
    String cutBecause() {
        return cutBecause;
    }

    /** Ends reading, so a handler blocked in read sees end of stream and finishes its reply. */
    void shutdownInput() {
        try {
            socket.shutdownInput();
        } catch (IOException alreadyGone) {
            // Closed or reset meanwhile: the handler finds out on its own.
        }
    }

    void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // Closing a socket fails only when it is already unusable, which is what we want.
        }
    }

    @Override
    public String toString() {
        return "connection " + number + " " + socket.getRemoteSocketAddress();
    }
}
