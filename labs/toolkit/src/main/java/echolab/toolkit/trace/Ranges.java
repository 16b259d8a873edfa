package echolab.toolkit.trace;

import java.util.Locale;

import echolab.toolkit.observe.Expect;
import echolab.toolkit.observe.Fact;

/**
 * Facts on calls per request or per connection. strace slows the traced process, which changes
 * how often a read finds nothing, so each model's prediction is a range, not a count. A fact's
 * value is in thousandths of a call, the precision the ranges need.
 */
final class Ranges {
    private Ranges() {
    }

    static Fact between(Counts counts, String kind, double low, double high) {
        return fact(counts, kind, new Expect(text(low) + "–" + text(high),
                v -> v >= Math.round(low * 1000) && v <= Math.round(high * 1000)));
    }

    static Fact atMost(Counts counts, String kind, double high) {
        return fact(counts, kind, new Expect("≤ " + text(high), v -> v <= Math.round(high * 1000)));
    }

    static Fact atLeast(Counts counts, String kind, double low) {
        return fact(counts, kind, new Expect("≥ " + text(low), v -> v >= Math.round(low * 1000)));
    }

    static Fact shown(Counts counts, String kind) {
        return fact(counts, kind, null);
    }

    /** A fact on one role's calls only, e.g. the child processes' share of every call. */
    static Fact atLeast(Counts counts, String kind, Role role, double low) {
        double value = counts.per(kind, role);
        return new Fact(kind + ", " + role.word(), Math.round(value * 1000), Counts.rate(value),
                new Expect("≥ " + text(low), v -> v >= Math.round(low * 1000)));
    }

    private static Fact fact(Counts counts, String kind, Expect expect) {
        return new Fact(kind, Math.round(counts.per(kind) * 1000), counts.shown(kind), expect);
    }

    private static String text(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : String.format(Locale.ROOT, "%.1f", value);
    }
}
