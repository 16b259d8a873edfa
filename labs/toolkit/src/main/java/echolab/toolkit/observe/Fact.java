package echolab.toolkit.observe;

/**
 * One row of a scenario's table for one server: what was measured, and what was expected of it
 * ({@code expect} is null for facts shown for information only, such as RSS).
 */
public record Fact(String name, long value, String shown, Expect expect) {

    public static Fact count(String name, long value, Expect expect) {
        return new Fact(name, value, Long.toString(value), expect);
    }

    public static Fact measured(String name, long value, String shown, Expect expect) {
        return new Fact(name, value, shown, expect);
    }

    public static Fact info(String name, long value, String shown) {
        return new Fact(name, value, shown, null);
    }

    /** A yes/no fact, counted as 1 or 0. */
    public static Fact yes(String name, boolean value, boolean expected) {
        return new Fact(name, value ? 1 : 0, value ? "yes" : "no", new Expect(expected ? "yes" : "no", v -> (v == 1) == expected));
    }

    public boolean checked() {
        return expect != null;
    }

    public boolean holds() {
        return expect == null || expect.holds(value);
    }

    /** {@code 3 (expect 3) ✓}, or the bare value for an unchecked fact. */
    public String cell() {
        return expect == null ? shown : shown + " (expect " + expect.text() + ") " + (holds() ? "✓" : "✗");
    }

    static String mebibytes(long kib) {
        return String.format(java.util.Locale.ROOT, "%.1f MiB", kib / 1024.0);
    }

    static String seconds(long millis) {
        return String.format(java.util.Locale.ROOT, "%.2f s", millis / 1000.0);
    }
}
