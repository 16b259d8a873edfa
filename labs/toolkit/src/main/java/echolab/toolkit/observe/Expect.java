package echolab.toolkit.observe;

import java.util.function.LongPredicate;

/** What a fact should be, as a test on the measured number and the words the table shows for it. */
public record Expect(String text, LongPredicate test) {
    public static Expect exactly(long value) {
        return new Expect(Long.toString(value), v -> v == value);
    }

    public static Expect atLeast(long value) {
        return new Expect("≥ " + value, v -> v >= value);
    }

    public static Expect atMost(long value) {
        return new Expect("≤ " + value, v -> v <= value);
    }

    public static Expect between(long low, long high, String text) {
        return new Expect(text, v -> v >= low && v <= high);
    }

    public boolean holds(long value) {
        return test.test(value);
    }
}
