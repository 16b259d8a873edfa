package echolab.toolkit.trace;

import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** System calls in a time window, by kind and by role, divided by what the window held (requests or connections). */
public final class Counts {
    private final Map<String, Map<Role, Integer>> byKind = new TreeMap<>();
    private final int per;

    private Counts(int per) {
        this.per = per;
    }

    /** Counts the calls of {@code threads} that entered within [from, to] microseconds, for {@code per} requests or connections. */
    public static Counts of(List<StraceFiles.Thread> threads, long serverPid, long from, long to, int per) {
        var counts = new Counts(per);
        for (StraceFiles.Thread thread : threads) {
            Role role = Role.of(thread, serverPid);
            for (Call call : thread.calls()) {
                if (call.micros() >= from && call.micros() <= to) {
                    counts.byKind.computeIfAbsent(call.kind(), k -> new EnumMap<>(Role.class)).merge(role, 1, Integer::sum);
                    counts.byKind.computeIfAbsent(ALL, k -> new EnumMap<>(Role.class)).merge(role, 1, Integer::sum);
                }
            }
        }
        return counts;
    }

    /** The row that adds every call up. */
    public static final String ALL = "all system calls";

    /** Calls of {@code kind} per request (or connection), all roles together. */
    public double per(String kind) {
        return byKind.getOrDefault(kind, Map.of()).values().stream().mapToInt(Integer::intValue).sum() / (double) per;
    }

    public double per(String kind, Role role) {
        return byKind.getOrDefault(kind, Map.of()).getOrDefault(role, 0) / (double) per;
    }

    /** {@code 2.01 (carrier 1.00, poller 1.01)}: the rate and who made the calls, busiest first; {@code 0} for none. */
    public String shown(String kind) {
        Map<Role, Integer> roles = byKind.getOrDefault(kind, Map.of());
        if (roles.isEmpty()) {
            return "0";
        }
        var parts = roles.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue())
                .map(e -> roles.size() == 1 ? e.getKey().word() : e.getKey().word() + " " + rate(e.getValue() / (double) per))
                .toList();
        return rate(per(kind)) + " (" + String.join(", ", parts) + ")";
    }

    /** Every kind seen, with its rate per role: what --json prints. */
    public Map<String, Map<String, Double>> asMap() {
        var map = new TreeMap<String, Map<String, Double>>();
        byKind.forEach((kind, roles) -> {
            var perRole = new TreeMap<String, Double>();
            roles.forEach((role, n) -> perRole.put(role.word(), n / (double) per));
            map.put(kind, perRole);
        });
        return map;
    }

    static String rate(double value) {
        return String.format(Locale.ROOT, value >= 100 ? "%.0f" : "%.2f", value);
    }
}
