package echolab.toolkit.logs;

/** Something in a log that could not be read as the format says, at a line. */
public record Problem(int line, String what) {
    public String describe(String file) {
        return file + ":" + line + ": " + what;
    }
}
