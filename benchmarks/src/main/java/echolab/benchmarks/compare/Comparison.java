package echolab.benchmarks.compare;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import echolab.benchmarks.NettyEchoServer;
import echolab.benchmarks.ProcStatus;

/**
 * The results of one {@code lab compare} run, rendered as the table (a column per server, the
 * winner and loser of each row, the targets) or as JSON for scripts.
 */
record Comparison(Compare.Plan plan, List<ServerResult> results, IdleConnections idle) {
    private static final int LABEL = 34;
    private static final int CELL = 15;
    private static final List<String> NUMBER_WORDS = List.of("none", "one", "two", "three", "four", "five", "six");

    /** Which way is better in a row; NONE rows name no winner. */
    enum Better { HIGHER, LOWER, NONE }

    /** One row: a number per server (empty when it does not apply), how to print it, and a note. */
    record Row(String label, Better better, Function<ServerResult, Optional<Double>> value, String format,
               Function<ServerResult, String> note, Predicate<ServerResult> ranked) {
        Row(String label, Better better, Function<ServerResult, Optional<Double>> value, String format,
            Function<ServerResult, String> note) {
            this(label, better, value, format, note, r -> true);
        }

        String cell(ServerResult r) {
            if (!r.measured()) {
                return "skipped";
            }
            return value.apply(r).map(v -> String.format(Locale.ROOT, format, v) + note.apply(r)).orElse("n/a");
        }
    }

    List<Row> rows() {
        var rows = new ArrayList<Row>();
        rows.add(new Row("round trips/s, 1 connection", Better.HIGHER,
                r -> Optional.of(r.single().throughput()), "%,.0f", r -> ""));
        for (int i = 0; i < plan.many().size(); i++) {
            int index = i;
            int wanted = plan.many().get(i);
            Function<ServerResult, String> note = manyNote(index);
            Predicate<ServerResult> alike = r -> note.apply(r).isEmpty();
            rows.add(new Row(String.format(Locale.ROOT, "requests/s, %,d connections", wanted), Better.HIGHER,
                    r -> Optional.of(r.many().get(index).throughput()), "%,.0f", note, alike));
            rows.add(new Row(String.format(Locale.ROOT, "p99 ms, %,d connections", wanted), Better.LOWER,
                    r -> Optional.of(r.many().get(index).p99Ms()), "%,.2f", note, alike));
        }
        int most = plan.many().size() - 1;
        Function<ServerResult, String> mostNote = manyNote(most);
        rows.add(new Row(String.format(Locale.ROOT, "server CPU us/request, %,d conns", plan.many().getLast()), Better.LOWER,
                r -> Optional.of(r.many().get(most).serverCpuUsPerRequest()), "%,.1f", mostNote,
                r -> mostNote.apply(r).isEmpty()));
        rows.add(new Row("connect+echo+close ms (mean)", Better.LOWER,
                r -> Optional.of(r.setup().meanMs()), "%,.2f", r -> ""));
        // Each model is measured at the concurrency it serves at once, so the row checks Little's law and ranks nobody.
        rows.add(new Row(String.format(Locale.ROOT, "'sleep %d' requests/s", Compare.SLEEP_MS), Better.NONE,
                r -> Optional.ofNullable(r.sleep()).map(LoadRun::throughput), "%,.0f",
                r -> r.sleep().connectPerRequest() ? " cpr" : " @" + r.sleep().connections()));
        rows.add(new Row("  Little's law predicts", Better.NONE,
                r -> r.sleep() == null ? Optional.empty() : Optional.of(r.sleepPredicted()), "%,.0f", r -> ""));
        rows.add(new Row("errors, all runs", Better.NONE,
                r -> Optional.of((double) r.runs().stream().mapToLong(LoadRun::errors).sum()), "%,.0f", r -> ""));
        rows.add(new Row("OS threads, peak", Better.LOWER,
                r -> Optional.of((double) r.peak().threads()), "%,.0f", r -> ""));
        rows.add(new Row("RSS MB, peak", Better.LOWER,
                r -> Optional.of(r.peak().rssKb() / 1024.0), "%,.0f",
                r -> r.peak().processes() > 1 ? " (" + r.peak().processes() + "p)" : ""));
        rows.add(new Row("OS threads at end", Better.NONE,
                r -> Optional.of((double) r.end().threads()), "%,.0f", r -> ""));
        rows.add(new Row("RSS MB at end", Better.NONE,
                r -> Optional.of(r.end().rssKb() / 1024.0), "%,.0f", r -> ""));
        return rows;
    }

    /**
     * The mark of a server measured otherwise at the plan's {@code index}-th connection count: "cpr"
     * (a connection per request) or "@N" (fewer connections); such a server is shown, not ranked.
     */
    private Function<ServerResult, String> manyNote(int index) {
        int wanted = plan.many().get(index);
        return r -> {
            LoadRun run = r.many().get(index);
            return run.connectPerRequest() ? " cpr" : run.connections() != wanted ? " @" + run.connections() : "";
        };
    }

    String table() {
        var out = new StringBuilder();
        out.append(pad("", LABEL));
        results.forEach(r -> out.append(left(r.name(), CELL)));
        out.append('\n');
        for (Row row : rows()) {
            out.append(pad(row.label(), LABEL));
            results.forEach(r -> out.append(left(row.cell(r), CELL)));
            out.append('\n');
        }
        out.append('\n').append(wrap(verdict())).append('\n');
        out.append(notes());
        out.append("\ntargets:\n");
        for (Target target : targets()) {
            out.append("  ").append(target.describe()).append('\n');
        }
        return out.toString();
    }

    /**
     * The sentence under the table: the best and the worst servers of every row that has a
     * direction. Values that the row prints alike (24 threads and 24 threads, 2,000 and 2,000.4
     * requests/s) are a tie, and are named as one rather than ranked.
     */
    String verdict() {
        var parts = new ArrayList<String>();
        for (Row row : rows()) {
            if (row.better() == Better.NONE) {
                continue;
            }
            var ranked = results.stream().filter(ServerResult::measured).filter(row.ranked())
                    .filter(r -> row.value().apply(r).isPresent())
                    .sorted(Comparator.comparing((ServerResult r) -> row.value().apply(r).orElseThrow()))
                    .toList();
            if (ranked.size() < 2) {
                continue;
            }
            if (row.better() == Better.HIGHER) {
                ranked = ranked.reversed();
            }
            List<String> best = alike(row, ranked.getFirst());
            List<String> worst = alike(row, ranked.getLast());
            String verdict = best.size() == ranked.size() ? (ranked.size() == 2 ? "both" : "all " + count(ranked.size())) + " tie"
                    : placed(best, "best") + ", " + placed(worst, "worst");
            parts.add(row.label().strip() + ": " + verdict);
        }
        return parts.isEmpty() ? "" : "Winners and losers — " + String.join("; ", parts) + ".";
    }

    /** The ranked servers whose value {@code row} prints the same as {@code like}'s, in the table's order. */
    private List<String> alike(Row row, ServerResult like) {
        String shown = shown(row, like);
        return results.stream().filter(ServerResult::measured).filter(row.ranked())
                .filter(r -> row.value().apply(r).isPresent() && shown(row, r).equals(shown))
                .map(ServerResult::name).toList();
    }

    private static String shown(Row row, ServerResult r) {
        return String.format(Locale.ROOT, row.format(), row.value().apply(r).orElseThrow());
    }

    private static String placed(List<String> names, String place) {
        if (names.size() == 1) {
            return names.getFirst() + " " + place;
        }
        return String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.getLast() + " tie for " + place;
    }

    private static String count(int n) {
        return n < NUMBER_WORDS.size() ? NUMBER_WORDS.get(n) : String.valueOf(n);
    }

    private String notes() {
        var out = new StringBuilder();
        out.append("cpr = a connection per request (the sequential server serves one connection at a time);"
                + " @N = measured at N connections (process: half its --max-children " + plan.maxChildren() + ");"
                + " these are shown but not ranked.\n");
        for (ServerResult r : results) {
            if (!r.measured()) {
                out.append(r.name()).append(" skipped: ").append(r.skipped()).append('\n');
            } else if (r.name().equals("netty")) {
                out.append("netty: ").append(NettyEchoServer.transport()).append(" transport, LineBasedFrameDecoder\n");
            } else if (!r.arguments().isEmpty()) {
                out.append(r.name()).append(": ").append(String.join(" ", r.arguments())).append('\n');
            }
            for (LoadRun run : r.runs()) {
                if (run.errors() > 0) {
                    out.append(r.name()).append(" at ").append(run.connections()).append(" connections: errors ")
                            .append(run.errorKinds()).append('\n');
                }
            }
        }
        out.append(String.format(Locale.ROOT, "Each run lasts %.1f s; load is ./lab load --payload 64 in a JVM of its own",
                plan.duration().toMillis() / 1000.0));
        out.append(plan.rounds() > 1
                ? String.format(Locale.ROOT, "; the rows at 1 and more connections are the median of %d rounds,"
                        + " the servers taking turns.%n", plan.rounds())
                : ".\n");
        return out.toString();
    }

    /** A target of the suite: a ratio against the Netty peer, or a bound on memory. */
    record Target(String name, double value, double bound, boolean atLeast, String unit) {
        boolean met() {
            return Double.isFinite(value) && (atLeast ? value >= bound : value <= bound);
        }

        String describe() {
            if (!Double.isFinite(value)) {
                return name + ": not measured";
            }
            // Three decimals and a relative miss: 0.798x must not read as a met 0.80x.
            String verdict = met() ? "met" : String.format(Locale.ROOT, "MISSED by %.1f%%", 100 * Math.abs(value - bound) / bound);
            return String.format(Locale.ROOT, "%-58s %.3f%s (%s %.2f%s) %s", name + ":", value, unit,
                    atLeast ? ">=" : "<=", bound, unit, verdict);
        }
    }

    List<Target> targets() {
        var targets = new ArrayList<Target>();
        int last = plan.many().size() - 1;
        int wanted = plan.many().getLast();
        Optional<ServerResult> virtual = find("virtual");
        Optional<ServerResult> pool = find("threadpool");
        Optional<ServerResult> netty = find("netty");
        targets.add(new Target(String.format(Locale.ROOT, "virtual/netty throughput, %,d connections", wanted),
                ratio(virtual, netty, r -> r.many().get(last).throughput()), 0.9, true, "x"));
        targets.add(new Target(String.format(Locale.ROOT, "virtual/netty p99, %,d connections", wanted),
                ratio(virtual, netty, r -> r.many().get(last).p99Ms()), 1.5, false, "x"));
        targets.add(new Target("threadpool/netty round trips, 1 connection",
                ratio(pool, netty, r -> r.single().throughput()), 0.8, true, "x"));
        targets.add(new Target("virtual/netty round trips, 1 connection",
                ratio(virtual, netty, r -> r.single().throughput()), 0.8, true, "x"));
        targets.add(new Target(idle == null ? "virtual: RSS per idle connection"
                        : String.format(Locale.ROOT, "virtual: RSS per idle connection (%,d held)", idle.connections()),
                idle == null ? Double.NaN : idle.perConnectionKb(), 10, false, " KB"));
        return targets;
    }

    private Optional<ServerResult> find(String name) {
        return results.stream().filter(r -> r.name().equals(name) && r.measured()).findFirst();
    }

    private static double ratio(Optional<ServerResult> ours, Optional<ServerResult> peer, Function<ServerResult, Double> value) {
        if (ours.isEmpty() || peer.isEmpty()) {
            return Double.NaN;
        }
        return value.apply(ours.get()) / value.apply(peer.get());
    }

    String json() {
        var mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        root.put("duration_s", plan.duration().toMillis() / 1000.0);
        root.put("rounds", plan.rounds());
        root.put("max_children", plan.maxChildren());
        root.put("sleep_ms", Compare.SLEEP_MS);
        ArrayNode servers = root.putArray("servers");
        for (ServerResult r : results) {
            ObjectNode s = servers.addObject();
            s.put("name", r.name());
            if (!r.measured()) {
                s.put("skipped", r.skipped());
                continue;
            }
            r.arguments().forEach(s.putArray("arguments")::add);
            s.set("single", r.single().report());
            ArrayNode many = s.putArray("many");
            r.many().forEach(run -> run(many, run));
            s.set("setup", r.setup().report());
            ArrayNode others = s.putArray("other_rounds");
            r.otherRounds().forEach(run -> run(others, run));
            if (r.sleep() != null) {
                s.putObject("sleep").put("connections", r.sleep().connections())
                        .put("predicted_rps", r.sleepPredicted()).set("load", r.sleep().report());
            }
            status(s.putObject("peak"), r.peak());
            status(s.putObject("end"), r.end());
        }
        if (idle != null) {
            root.putObject("idle").put("server", idle.server()).put("connections", idle.connections())
                    .put("baseline_kb", idle.baselineKb()).put("loaded_kb", idle.loadedKb())
                    .put("per_connection_kb", idle.perConnectionKb());
        }
        ArrayNode targets = root.putArray("targets");
        for (Target t : targets()) {
            targets.addObject().put("name", t.name()).put("value", t.value()).put("bound", t.bound())
                    .put("at_least", t.atLeast()).put("met", t.met());
        }
        return root.toString();
    }

    private static void run(ArrayNode runs, LoadRun run) {
        runs.addObject().put("connections", run.connections()).put("connect_per_request", run.connectPerRequest())
                .put("server_cpu_s", run.serverCpu().toMillis() / 1000.0).set("load", run.report());
    }

    private static void status(ObjectNode node, ProcStatus status) {
        node.put("processes", status.processes()).put("threads", status.threads()).put("rss_kb", status.rssKb());
    }

    private static String pad(String text, int width) {
        return text.length() >= width ? text.substring(0, width - 1) + " " : text + " ".repeat(width - text.length());
    }

    private static String left(String text, int width) {
        return text.length() >= width ? " " + text : " ".repeat(width - text.length()) + text;
    }

    private static String wrap(String text) {
        var out = new StringBuilder();
        int column = 0;
        for (String word : text.split(" ")) {
            if (column > 0 && column + word.length() > 100) {
                out.append('\n');
                column = 0;
            } else if (column > 0) {
                out.append(' ');
                column++;
            }
            out.append(word);
            column += word.length();
        }
        return out.toString();
    }
}
