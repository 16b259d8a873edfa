package echolab.core;

/** A bad flag or value: reported as one line on standard error, exit status 2, no stack trace. */
public final class UsageException extends RuntimeException {
    public UsageException(String message) {
        super(message, null, false, false);
    }
}
