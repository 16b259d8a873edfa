package echolab.toolkit.grade;

/** A fact that does not parse or names what does not exist; {@code column} is 1-based within the fact's text. */
public final class FactException extends Exception {
    private final int column;

    public FactException(int column, String message) {
        super(message, null, false, false);
        this.column = column;
    }

    public int column() {
        return column;
    }
}
