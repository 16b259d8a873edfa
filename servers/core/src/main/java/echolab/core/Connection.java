package echolab.core;

import java.io.IOException;
import java.net.Socket;

/** An accepted socket and its number, counted from 1 in the order the server accepted them. */
public final class Connection {
    private final Socket socket;
    private final long number;
    private volatile boolean abandoned;

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
