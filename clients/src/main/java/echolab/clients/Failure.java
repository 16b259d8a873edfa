package echolab.clients;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.Locale;

/** The kinds of failed request that {@code load} counts apart; the names are the JSON keys. */
enum Failure {
    /** Nobody listens: the connect got RST. */
    REFUSED,
    /** The connection was reset (RST) mid-request. */
    RESET,
    /** No connect or no reply byte within {@code --timeout}. */
    TIMEOUT,
    /** A reply byte differs from what was sent: data loss or corruption. */
    MISMATCH,
    /** The server answered {@code ERR busy}: at its limit. */
    BUSY,
    /** The server closed the connection before the whole reply arrived. */
    CLOSED,
    /** Anything else, e.g. an unknown host or no route. */
    OTHER;

    String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Failure of(IOException e) {
        String message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        return switch (e) {
            case ConnectException c when message.contains("refused") -> REFUSED;
            case SocketTimeoutException t -> TIMEOUT;
            case SocketException s when message.contains("reset") || message.contains("broken pipe") -> RESET;
            default -> OTHER;
        };
    }
}
