package echolab.toolkit.grade;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import echolab.toolkit.evidence.CommandLine;
import echolab.toolkit.evidence.Parsers;
import echolab.toolkit.evidence.Row;
import echolab.toolkit.evidence.Table;
import echolab.toolkit.evidence.ToolParser;
import echolab.toolkit.grade.Outcome.Status;
import echolab.toolkit.grade.Rubric.AllOf;
import echolab.toolkit.grade.Rubric.AnyOf;
import echolab.toolkit.grade.Rubric.Check;
import echolab.toolkit.grade.Rubric.Criteria;
import echolab.toolkit.grade.Rubric.Rule;
import echolab.toolkit.logs.Block;
import echolab.toolkit.logs.ParsedLog;

/**
 * Grades a log against a rubric. Rules are tried in the rubric's order; a rule's criteria are
 * tried on each block in start-time order and the first block that satisfies them is its
 * evidence, binding its captures for the rules below. A miss says what the log lacks with the
 * values the log itself supplied ({@code ps(ppid == 41207, stat ~ "^Z") >= 1}).
 */
public final class Grader {
    private static final Pattern NO_ROOT = Pattern.compile(
            "(?i)you don't have permission|operation not permitted|permission denied|must be root|are you root|need to be root");
    private static final Pattern CAPTURE_REFERENCE = Pattern.compile("\\$([A-Za-z_][A-Za-z0-9_]*)");

    private final Rubric rubric;
    private final Parsers parsers;
    private final boolean withoutRoot;
    /** Whether every block satisfying a rule is kept (the self-test drops them all), or the first one is enough. */
    private final boolean allCandidates;
    /** Each block's output is parsed once per tool, however many rules and regradings read it. */
    private final Map<BlockKey, Map<String, Table>> tables = new ConcurrentHashMap<>();

    /**
     * A block as a cache key by identity: the record's own hashCode and equals read every field,
     * its whole output included, on every lookup, and rules look tables up thousands of times.
     */
    private record BlockKey(Block block) {
        @Override
        public boolean equals(Object other) {
            return other instanceof BlockKey key && key.block == block;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(block);
        }
    }

    public Grader(Rubric rubric, Parsers parsers, boolean withoutRoot, boolean allCandidates) {
        this.rubric = rubric;
        this.parsers = parsers;
        this.withoutRoot = withoutRoot;
        this.allCandidates = allCandidates;
    }

    public Rubric rubric() {
        return rubric;
    }

    public Grade grade(ParsedLog log) {
        return grade(log, Set.of());
    }

    /** Grades {@code log} as if the {@code dropped} blocks were not in it (the self-test's regrade). */
    public Grade grade(ParsedLog log, Set<Block> dropped) {
        List<Block> blocks = log.blocks().stream().filter(b -> b.started() != null && !dropped.contains(b))
                .sorted(Comparator.comparing(Block::started)).toList();
        Map<String, Object> captures = new LinkedHashMap<>();
        Map<String, Outcome> done = new HashMap<>();
        var outcomes = new ArrayList<Outcome>();
        for (Rule rule : rubric.rules()) {
            Outcome outcome = rule.automatic() ? automatic(rule, blocks, captures, done)
                    : new Outcome(rule, Status.MANUAL, 0, List.of(), Set.of(), "", Answers.find(log.answers(), rule.manual()));
            done.put(rule.id(), outcome);
            outcomes.add(outcome);
        }
        return new Grade(log, rubric, outcomes, captures, List.of());
    }

    private Outcome automatic(Rule rule, List<Block> blocks, Map<String, Object> captures, Map<String, Outcome> done) {
        Outcome outcome = attempt(rule, blocks, captures, done);
        if (outcome.missed() && rule.optionalWithoutRoot()) {
            String refusal = withoutRoot ? "--without-root" : refusal(rule, blocks);
            if (refusal != null) {
                return new Outcome(rule, Status.EXCUSED, 0, List.of(), Set.of(), "needs root, excused (" + refusal + ")", null);
            }
        }
        return outcome;
    }

    private Outcome attempt(Rule rule, List<Block> blocks, Map<String, Object> captures, Map<String, Outcome> done) {
        LocalDateTime notBefore = null;
        for (String after : rule.after()) {
            Outcome earlier = done.get(after);
            if (earlier == null || earlier.status() == Status.EXCUSED) {
                continue;
            }
            if (earlier.status() != Status.SCORED) {
                return missed(rule, Status.NOT_TRIED, "comes after " + after + ", which has no evidence");
            }
            for (Block block : earlier.evidence()) {
                notBefore = notBefore == null || block.started().isAfter(notBefore) ? block.started() : notBefore;
            }
        }
        Set<String> own = Rubric.captured(rule.check());
        for (String needed : Rubric.used(rule.check())) {
            if (!captures.containsKey(needed) && !own.contains(needed)) {
                String from = rubric.capturer(needed).map(Rule::id).orElse("a rule above");
                return missed(rule, Status.NOT_TRIED, "needs $" + needed + " from " + from + ", which has no evidence");
            }
        }
        var bound = new LinkedHashMap<>(captures);
        Match match = match(rule.check(), blocks, bound, notBefore, rule);
        if (!match.ok()) {
            return missed(rule, Status.MISSED, match.why());
        }
        captures.putAll(bound);
        return new Outcome(rule, Status.SCORED, rule.points(), match.evidence(), match.candidates(), "", null);
    }

    private static Outcome missed(Rule rule, Status status, String why) {
        return new Outcome(rule, status, 0, List.of(), Set.of(), why, null);
    }

    /** Whether a check held: its evidence, every block that satisfied it, or why it did not hold. */
    private record Match(boolean ok, List<Block> evidence, Set<Block> candidates, String why) {
    }

    private Match match(Check check, List<Block> blocks, Map<String, Object> bound, LocalDateTime notBefore, Rule rule) {
        return switch (check) {
            case Criteria criteria -> criteria(criteria, blocks, bound, notBefore, rule);
            case AnyOf any -> {
                Match chosen = null;
                var candidates = new LinkedHashSet<Block>();
                var reasons = new ArrayList<String>();
                for (Check alternative : any.alternatives()) {
                    var trial = new LinkedHashMap<>(bound);
                    Match m = match(alternative, blocks, trial, notBefore, rule);
                    candidates.addAll(m.candidates());
                    if (m.ok() && chosen == null) {
                        chosen = m;
                        bound.putAll(trial);
                    } else if (!m.ok()) {
                        reasons.add(m.why());
                    }
                }
                yield chosen != null ? new Match(true, chosen.evidence(), candidates, "")
                        : new Match(false, List.of(), Set.of(), "none of its alternatives: " + String.join("; or ", reasons));
            }
            case AllOf all -> {
                var evidence = new ArrayList<Block>();
                var candidates = new LinkedHashSet<Block>();
                for (Check alternative : all.alternatives()) {
                    Match m = match(alternative, blocks, bound, notBefore, rule);
                    if (!m.ok()) {
                        yield m;
                    }
                    evidence.addAll(m.evidence());
                    candidates.addAll(m.candidates());
                }
                yield new Match(true, evidence, candidates, "");
            }
        };
    }

    private Match criteria(Criteria c, List<Block> blocks, Map<String, Object> bound, LocalDateTime notBefore, Rule rule) {
        if (c.command() == null && c.output() == null) {
            // Captures only: evaluated once.
            var context = new BlockContext(null, bound);
            if (c.fact() != null && !c.fact().holds(context)) {
                return new Match(false, List.of(), Set.of(), withValues(c.fact().text(), bound) + " does not hold");
            }
            Map<String, Object> captured = bind(c, null, bound);
            if (captured == null) {
                return new Match(false, List.of(), Set.of(), "its captures have no value");
            }
            bound.putAll(captured);
            return new Match(true, List.of(), Set.of(), "");
        }
        // Stages a block passes, in order: command, output, fact, capture, after. The furthest any block got explains a miss.
        int furthest = -1;
        var atFurthest = new ArrayList<Block>();
        Block chosen = null;
        Map<String, Object> chosenCaptures = null;
        var candidates = new LinkedHashSet<Block>();
        for (Block block : blocks) {
            int stage = 0;
            Map<String, Object> captured = null;
            if (c.command() == null || c.command().matcher(CommandLine.withoutSudo(block.command())).find()) {
                stage = 1;
                if (c.output() == null || c.output().matcher(block.output()).find()) {
                    stage = 2;
                    var context = new BlockContext(block, bound);
                    if (c.fact() == null || c.fact().holds(context)) {
                        stage = 3;
                        captured = bind(c, block, bound);
                        if (captured != null) {
                            stage = 4;
                            if (notBefore == null || !block.started().isBefore(notBefore)) {
                                stage = 5;
                            }
                        }
                    }
                }
            }
            if (stage == 5) {
                candidates.add(block);
                if (chosen == null) {
                    chosen = block;
                    chosenCaptures = captured;
                }
                if (!allCandidates) {
                    break;
                }
            } else if (stage > furthest) {
                furthest = stage;
                atFurthest.clear();
                atFurthest.add(block);
            } else if (stage == furthest) {
                atFurthest.add(block);
            }
        }
        if (chosen != null) {
            bound.putAll(chosenCaptures);
            return new Match(true, List.of(chosen), candidates, "");
        }
        return new Match(false, List.of(), Set.of(), why(c, furthest, atFurthest, bound, notBefore, rule));
    }

    private String why(Criteria c, int stage, List<Block> blocks, Map<String, Object> bound, LocalDateTime notBefore, Rule rule) {
        String selected = c.command() != null ? "ran /" + c.command().pattern() + "/" : "were read";
        String which = blocks.size() + (blocks.size() == 1 ? " block " : " blocks ") + selected + " (" + lines(blocks) + ")";
        return switch (stage) {
            case -1, 0 -> c.command() != null ? "no block's command matches /" + c.command().pattern() + "/"
                    : "the log has no evidence blocks";
            case 1 -> which + ", and the output of none matches /" + c.output().pattern() + "/";
            case 2 -> which + ", and in none does " + withValues(c.fact().text(), bound) + " hold";
            case 3 -> which + ", and the capture "
                    + (c.capture().regex() != null ? "/" + c.capture().regex().pattern() + "/ finds nothing in them"
                    : "of " + String.join(", ", c.capture().names().stream().map(n -> "$" + n).toList()) + " has no value in them");
            default -> which + ", but each started before the evidence of " + String.join(", ", rule.after())
                    + " (" + (notBefore == null ? "" : Block.STAMP.format(notBefore)) + ")";
        };
    }

    private static String lines(List<Block> blocks) {
        var lines = blocks.stream().limit(6).map(b -> Integer.toString(b.line())).toList();
        return (blocks.size() == 1 ? "line " : "lines ") + String.join(", ", lines) + (blocks.size() > 6 ? ", …" : "");
    }

    /** {@code text} with each {@code $capture} replaced by its value in this log. */
    static String withValues(String text, Map<String, Object> captures) {
        Matcher m = CAPTURE_REFERENCE.matcher(text);
        var out = new StringBuilder();
        while (m.find()) {
            Object value = captures.get(m.group(1));
            String shown = value == null ? m.group() : value.toString();
            m.appendReplacement(out, Matcher.quoteReplacement(shown));
        }
        return m.appendTail(out).toString();
    }

    /** The captures {@code block} binds under {@code c}, or null when it binds none it should. */
    private Map<String, Object> bind(Criteria c, Block block, Map<String, Object> bound) {
        Map<String, Object> captured = new LinkedHashMap<>();
        if (c.capture() == null) {
            return captured;
        }
        if (c.capture().regex() != null) {
            Matcher m = c.capture().regex().matcher(block == null ? "" : block.output());
            if (!m.find()) {
                return null;
            }
            for (String name : c.capture().regex().namedGroups().keySet()) {
                if (m.group(name) != null) {
                    captured.put(name, Row.value(m.group(name)));
                }
            }
            return captured;
        }
        var context = new BlockContext(block, new LinkedHashMap<>(bound));
        for (var named : c.capture().expressions().entrySet()) {
            Object value = named.getValue().value(context);
            if (value == null) {
                return null;
            }
            captured.put(named.getKey(), value);
            context.captures.put(named.getKey(), value);
        }
        return captured;
    }

    /** The first block of one of the rule's commands whose output shows that root was missing, as "line N", or null. */
    private String refusal(Rule rule, List<Block> blocks) {
        for (Block block : blocks) {
            boolean ruleCommand = Rubric.commands(rule.check()).stream().anyMatch(p -> p.matcher(CommandLine.withoutSudo(block.command())).find());
            if (ruleCommand && NO_ROOT.matcher(block.output()).find()) {
                return "line " + block.line() + ": " + block.command() + " was refused without root";
            }
        }
        return null;
    }

    /** {@code tool}'s table of {@code block}'s output, parsed once however often it is asked for. */
    Table table(Block block, String tool) {
        return tables.computeIfAbsent(new BlockKey(block), b -> new ConcurrentHashMap<>()).computeIfAbsent(tool,
                t -> parsers.forTool(t).map(p -> p.parse(block.command(), block.output())).orElse(Table.empty(t)));
    }

    /**
     * Whether {@code block}'s output looks like what {@code parser}'s tool prints: from the table
     * a rule already parsed, or else from the parser's own quicker look (integrity checks every
     * block, most of which no rule reads).
     */
    boolean recognises(Block block, ToolParser parser) {
        Map<String, Table> parsed = tables.get(new BlockKey(block));
        Table table = parsed == null ? null : parsed.get(parser.tool());
        return table != null ? table.recognised() : parser.recognises(block.command(), block.output());
    }

    /**
     * Drops the tables of {@code log}'s blocks once the log is graded and checked: a class of
     * 500 logs would otherwise keep every parsed table alive to the end, and the collector spends
     * more time copying them than the grader spends making them.
     */
    void forget(ParsedLog log) {
        log.blocks().forEach(block -> tables.remove(new BlockKey(block)));
    }

    /** The tables of the block under evaluation, parsed once each. */
    private final class BlockContext implements Fact.Context {
        private final Block block;
        private final Map<String, Object> captures;

        BlockContext(Block block, Map<String, Object> captures) {
            this.block = block;
            this.captures = captures;
        }

        @Override
        public Table table(String tool) {
            if (block == null) {
                return null;
            }
            return Grader.this.table(block, tool);
        }

        @Override
        public Object capture(String name) {
            return captures.get(name);
        }
    }
}
