package echolab.toolkit.grade;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import echolab.toolkit.evidence.Parsers;
import echolab.toolkit.grade.Rubric.AllOf;
import echolab.toolkit.grade.Rubric.AnyOf;
import echolab.toolkit.grade.Rubric.Capture;
import echolab.toolkit.grade.Rubric.Check;
import echolab.toolkit.grade.Rubric.Criteria;
import echolab.toolkit.grade.Rubric.Rule;
import echolab.toolkit.grade.Yaml.Entry;
import echolab.toolkit.grade.Yaml.Mapping;
import echolab.toolkit.grade.Yaml.Node;
import echolab.toolkit.grade.Yaml.Scalar;
import echolab.toolkit.grade.Yaml.Sequence;

/**
 * Reads {@code rubric.yaml} and checks everything that can be checked before a log is seen:
 * keys, types, regular expressions, facts (their syntax, tools and fields), and that every
 * {@code $capture} and {@code after} names a rule above. Every problem is reported, each as
 * {@code file:line: what is wrong}.
 */
public final class RubricReader {
    private static final Set<String> TOP = Set.of("lab", "title", "model", "minutes", "needs", "requires", "max_span", "rules");
    private static final Set<String> RULE = Set.of("id", "points", "evidence", "command", "output", "fact", "capture",
            "after", "any", "all", "hint", "optional_without_root", "manual");
    private static final Set<String> ALTERNATIVE = Set.of("command", "output", "fact", "capture", "any", "all");
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9_-]*");
    private static final Pattern SPAN = Pattern.compile("(\\d+)\\s*(d|h|m|s)");
    private static final Pattern CAPTURE_REFERENCE = Pattern.compile("\\$([A-Za-z_][A-Za-z0-9_]*)");
    private static final Duration DEFAULT_SPAN = Duration.ofDays(14);

    private final String name;
    private final Parsers parsers;
    private final List<String> problems = new ArrayList<>();
    /** Captures bound by the rules read so far (and the rule binding each). */
    private final Map<String, String> captured = new LinkedHashMap<>();
    private final Set<String> ids = new LinkedHashSet<>();

    private RubricReader(String name, Parsers parsers) {
        this.name = name;
        this.parsers = parsers;
    }

    public static Rubric read(Path file, String name, Parsers parsers) throws RubricException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new RubricException(List.of(name + ": cannot read the rubric: " + e.getMessage()));
        }
        return parse(bytes, name, parsers);
    }

    public static Rubric parse(byte[] yaml, String name, Parsers parsers) throws RubricException {
        Node root;
        try {
            root = Yaml.read(yaml);
        } catch (Yaml.SyntaxError e) {
            throw new RubricException(List.of(name + ":" + e.line + ": " + e.getMessage()));
        }
        var reader = new RubricReader(name, parsers);
        Rubric rubric = reader.rubric(root);
        if (!reader.problems.isEmpty()) {
            throw new RubricException(reader.problems);
        }
        return rubric;
    }

    private void problem(int line, String what) {
        problems.add(name + ":" + line + ": " + what);
    }

    private Rubric rubric(Node root) {
        if (!(root instanceof Mapping top)) {
            problem(root.line(), "a rubric is a mapping (lab:, title:, rules:), not a " + kind(root));
            return null;
        }
        unknownKeys(top, TOP, "a rubric");
        String lab = text(top, "lab", true);
        String title = text(top, "title", false);
        String model = text(top, "model", false);
        Integer minutes = top.entries().containsKey("minutes") ? (int) positive(top.entries().get("minutes")) : null;
        List<String> needs = list(top, "needs");
        List<String> requires = list(top, "requires");
        Duration maxSpan = span(top);
        var rules = new ArrayList<Rule>();
        Entry rulesEntry = top.entries().get("rules");
        if (rulesEntry == null) {
            problem(top.line(), "the rubric has no rules:");
        } else if (!(rulesEntry.value() instanceof Sequence list) || list.items().isEmpty()) {
            problem(rulesEntry.line(), "rules: is a list of rules (- id: ..., points: ...)");
        } else {
            for (Node item : list.items()) {
                Rule rule = rule(item);
                if (rule != null) {
                    rules.add(rule);
                }
            }
        }
        return new Rubric(name, lab == null ? "" : lab, title == null ? "" : title, model, minutes, needs, requires, maxSpan,
                rules);
    }

    private Rule rule(Node node) {
        if (!(node instanceof Mapping rule)) {
            problem(node.line(), "a rule is a mapping (- id: ..., points: ...), not a " + kind(node));
            return null;
        }
        unknownKeys(rule, RULE, "a rule");
        String id = text(rule, "id", true);
        int line = rule.line();
        if (id != null) {
            if (!ID.matcher(id).matches()) {
                problem(rule.entries().get("id").line(), "rule id '" + id + "' should be lower-case words joined by '-'");
            }
            if (!ids.add(id)) {
                problem(rule.entries().get("id").line(), "rule id '" + id + "' is given to two rules");
            }
        }
        double points = 0;
        Entry pointsEntry = rule.entries().get("points");
        if (pointsEntry == null) {
            problem(line, "rule '" + id + "' has no points:");
        } else {
            points = positive(pointsEntry);
        }
        String evidence = text(rule, "evidence", false);
        String hint = text(rule, "hint", false);
        String manual = text(rule, "manual", false);
        boolean optional = flag(rule, "optional_without_root");
        List<String> after = list(rule, "after");
        for (String other : after) {
            if (!ids.contains(other) || other.equals(id)) {
                problem(rule.entries().get("after").line(), "after: names '" + other + "', which is not a rule above this one"
                        + (ids.isEmpty() ? "" : " (above: " + String.join(", ", ids.stream().filter(i -> !i.equals(id)).toList()) + ")"));
            }
        }
        boolean hasCriteria = rule.entries().keySet().stream().anyMatch(ALTERNATIVE::contains);
        Check check = null;
        if (manual != null) {
            if (hasCriteria || !after.isEmpty()) {
                problem(line, "rule '" + id + "' is manual: it has a question, not command/output/fact/capture/any/all/after");
            }
        } else if (!hasCriteria) {
            problem(line, "rule '" + id + "' needs a command:, output: or fact: (or any:/all: of them), or a manual: question");
        } else {
            Set<String> own = new LinkedHashSet<>();
            check = check(rule, id, own, true);
            own.forEach(c -> captured.putIfAbsent(c, id));
        }
        for (String field : List.of("evidence", "hint")) {
            Entry entry = rule.entries().get(field);
            if (entry != null && entry.value() instanceof Scalar scalar && scalar.text() != null) {
                Matcher m = CAPTURE_REFERENCE.matcher(scalar.text());
                while (m.find()) {
                    if (!captured.containsKey(m.group(1))) {
                        problem(entry.line(), field + ": names $" + m.group(1) + ", which no rule up to this one captures"
                                + capturedSoFar());
                    }
                }
            }
        }
        return id == null ? null : new Rule(id, line, points, evidence == null ? id : evidence, check, after, hint,
                optional, manual);
    }

    /** The check of a rule or of one alternative; {@code own} collects the captures it binds, in order. */
    private Check check(Mapping map, String id, Set<String> own, boolean ruleLevel) {
        if (!ruleLevel) {
            unknownKeys(map, ALTERNATIVE, "an alternative of any:/all:");
        }
        boolean any = map.entries().containsKey("any");
        boolean all = map.entries().containsKey("all");
        boolean criteria = map.entries().keySet().stream().anyMatch(k -> Set.of("command", "output", "fact", "capture").contains(k));
        if ((any ? 1 : 0) + (all ? 1 : 0) + (criteria ? 1 : 0) > 1) {
            problem(map.line(), "rule '" + id + "': give command/output/fact/capture, or any:, or all:, not several of them");
        }
        if (any || all) {
            Entry entry = map.entries().get(any ? "any" : "all");
            if (!(entry.value() instanceof Sequence list) || list.items().isEmpty()) {
                problem(entry.line(), (any ? "any" : "all") + ": is a list of alternatives, each with its own command/output/fact");
                return new AnyOf(entry.line(), List.of());
            }
            var alternatives = new ArrayList<Check>();
            for (Node item : list.items()) {
                if (item instanceof Mapping alternative) {
                    alternatives.add(check(alternative, id, own, false));
                } else {
                    problem(item.line(), "an alternative is a mapping (- command: ..., output: ...)");
                }
            }
            return any ? new AnyOf(entry.line(), alternatives) : new AllOf(entry.line(), alternatives);
        }
        Pattern command = regex(map, "command");
        Pattern output = regex(map, "output");
        Fact fact = null;
        Entry factEntry = map.entries().get("fact");
        if (factEntry != null) {
            fact = fact(factEntry, false);
            if (fact != null) {
                unknownCaptures(factEntry.line(), fact.captures(), own, "fact");
            }
        }
        Capture capture = capture(map, own);
        if (command == null && fact != null && !fact.tools().isEmpty()) {
            problem(factEntry.line(), "the fact reads " + String.join(", ", fact.tools())
                    + " tables, but the rule has no command: to choose the blocks they come from");
        }
        return new Criteria(map.line(), command, output, fact, capture);
    }

    private Capture capture(Mapping map, Set<String> own) {
        Entry entry = map.entries().get("capture");
        if (entry == null) {
            return null;
        }
        if (entry.value() instanceof Scalar) {
            Pattern regex = regex(map, "capture");
            if (regex == null) {
                return null;
            }
            if (regex.namedGroups().isEmpty()) {
                problem(entry.line(), "capture: needs named groups, e.g. 'pid=(?<pid>\\d+)'");
            }
            own.addAll(regex.namedGroups().keySet());
            return new Capture(regex, null);
        }
        if (entry.value() instanceof Mapping expressions) {
            Map<String, Fact> facts = new LinkedHashMap<>();
            for (Entry named : expressions.entries().values()) {
                if (!named.key().matches("[A-Za-z_][A-Za-z0-9_]*")) {
                    problem(named.line(), "capture name '" + named.key() + "' should be a word such as pid or port");
                }
                Fact fact = fact(named, true);
                if (fact != null) {
                    unknownCaptures(named.line(), fact.captures(), own, "capture " + named.key());
                    facts.put(named.key(), fact);
                }
            }
            own.addAll(facts.keySet());
            return new Capture(null, facts);
        }
        problem(entry.line(), "capture: is a regex with named groups, or a mapping of name: expression");
        return null;
    }

    private void unknownCaptures(int line, Set<String> used, Set<String> own, String where) {
        for (String name : used) {
            if (!captured.containsKey(name) && !own.contains(name)) {
                problem(line, where + " names $" + name + ", which no rule above captures" + capturedSoFar());
            }
        }
    }

    private String capturedSoFar() {
        return captured.isEmpty() ? " (none does yet)"
                : " (captured above: " + String.join(", ", captured.keySet().stream().map(c -> "$" + c).toList()) + ")";
    }

    private Fact fact(Entry entry, boolean expression) {
        if (!(entry.value() instanceof Scalar scalar) || scalar.text() == null) {
            problem(entry.line(), entry.key() + ": is a fact written as text, e.g. 'ps(ppid == $pid) >= 3'");
            return null;
        }
        try {
            return expression ? Fact.expression(scalar.text(), parsers) : Fact.condition(scalar.text(), parsers);
        } catch (FactException e) {
            problem(entry.line(), entry.key() + ": " + e.getMessage() + " (at column " + e.column() + " of '" + scalar.text() + "')");
            return null;
        }
    }

    private Pattern regex(Mapping map, String key) {
        Entry entry = map.entries().get(key);
        if (entry == null) {
            return null;
        }
        if (!(entry.value() instanceof Scalar scalar) || scalar.text() == null) {
            problem(entry.line(), key + ": is a regular expression, written as text");
            return null;
        }
        try {
            return Pattern.compile(scalar.text(), key.equals("output") || key.equals("capture") ? Pattern.MULTILINE : 0);
        } catch (PatternSyntaxException e) {
            problem(entry.line(), key + ": bad regular expression: " + e.getDescription() + " near index " + e.getIndex()
                    + " of '" + scalar.text() + "'");
            return null;
        }
    }

    private void unknownKeys(Mapping map, Set<String> known, String what) {
        for (Entry entry : map.entries().values()) {
            if (!known.contains(entry.key())) {
                problem(entry.line(), "unknown key '" + entry.key() + "' in " + what + "; it may have: "
                        + String.join(", ", known.stream().sorted().toList()));
            }
        }
    }

    private String text(Mapping map, String key, boolean required) {
        Entry entry = map.entries().get(key);
        if (entry == null) {
            if (required) {
                problem(map.line(), "missing " + key + ":");
            }
            return null;
        }
        if (!(entry.value() instanceof Scalar scalar) || scalar.text() == null || scalar.text().isBlank()) {
            problem(entry.line(), key + ": should be text");
            return null;
        }
        return scalar.text();
    }

    private double positive(Entry entry) {
        if (entry.value() instanceof Scalar scalar && scalar.number() && Double.parseDouble(scalar.text()) > 0) {
            return Double.parseDouble(scalar.text());
        }
        problem(entry.line(), entry.key() + ": should be a number above 0, not " + describe(entry.value()));
        return 0;
    }

    private boolean flag(Mapping map, String key) {
        Entry entry = map.entries().get(key);
        if (entry == null) {
            return false;
        }
        if (entry.value() instanceof Scalar scalar && scalar.bool()) {
            return Boolean.parseBoolean(scalar.text());
        }
        problem(entry.line(), key + ": is true or false");
        return false;
    }

    private List<String> list(Mapping map, String key) {
        Entry entry = map.entries().get(key);
        if (entry == null) {
            return List.of();
        }
        if (entry.value() instanceof Scalar scalar && scalar.text() != null) {
            return List.of(scalar.text());
        }
        if (entry.value() instanceof Sequence sequence) {
            var values = new ArrayList<String>();
            for (Node item : sequence.items()) {
                if (item instanceof Scalar scalar && scalar.text() != null) {
                    values.add(scalar.text());
                } else {
                    problem(item.line(), key + ": lists names, one per item");
                }
            }
            return values;
        }
        problem(entry.line(), key + ": is a name or a list of names");
        return List.of();
    }

    private Duration span(Mapping top) {
        Entry entry = top.entries().get("max_span");
        if (entry == null) {
            return DEFAULT_SPAN;
        }
        if (entry.value() instanceof Scalar scalar && scalar.text() != null) {
            Matcher m = SPAN.matcher(scalar.text().strip());
            if (m.matches()) {
                long amount = Long.parseLong(m.group(1));
                return switch (m.group(2)) {
                    case "d" -> Duration.ofDays(amount);
                    case "h" -> Duration.ofHours(amount);
                    case "m" -> Duration.ofMinutes(amount);
                    default -> Duration.ofSeconds(amount);
                };
            }
        }
        problem(entry.line(), "max_span: takes a duration with a unit, e.g. 14d, 36h or 90m, not " + describe(entry.value()));
        return DEFAULT_SPAN;
    }

    private static String describe(Node node) {
        return node instanceof Scalar scalar ? "'" + scalar.text() + "'" : "a " + kind(node);
    }

    private static String kind(Node node) {
        return switch (node) {
            case Scalar s -> "value";
            case Mapping m -> "mapping";
            case Sequence s -> "list";
        };
    }
}
