package echolab.toolkit.logs;

/** A file that cannot be read as a lab log at all (empty, binary): the message is {@code file:line: why}. */
public final class UnreadableLogException extends Exception {
    public UnreadableLogException(String message) {
        super(message, null, false, false);
    }
}
