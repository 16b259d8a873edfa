package echolab.toolkit.grade;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import echolab.toolkit.evidence.Parsers;
import echolab.toolkit.evidence.Row;
import echolab.toolkit.evidence.Table;
import echolab.toolkit.evidence.ToolParser;

/**
 * A fact of the rubric language (labs/README.md, "Rubrics"): comparisons, {@code and}/{@code or}/
 * {@code not}, arithmetic, {@code within N% of}, and tables of a block's parsed output such as
 * {@code ps(ppid == $pid, stat ~ "^Z")} (in a condition: at least one row; in an expression: the
 * number of rows; {@code .field}: the field of the first row that has it; {@code count/min/max/sum/avg}).
 * Parsed once when the rubric is read; evaluated against each block a rule selects.
 */
public final class Fact {
    /** What a fact reads: the tables of the block under evaluation, and the captures bound so far. */
    public interface Context {
        Table table(String tool);

        Object capture(String name);
    }

    private enum Kind { BOOL, VALUE, TABLE }

    private interface Node {
        Object eval(Context context);
    }

    private record Typed(Node node, Kind kind, int column) {
    }

    private final String text;
    private final Node root;
    private final Set<String> captures;
    private final Set<String> tools;

    private Fact(String text, Node root, Set<String> captures, Set<String> tools) {
        this.text = text;
        this.root = root;
        this.captures = Set.copyOf(captures);
        this.tools = Set.copyOf(tools);
    }

    /** A fact: its value is true or false. */
    public static Fact condition(String text, Parsers parsers) throws FactException {
        var parser = new Parser(text, parsers);
        Typed top = parser.parseAll();
        return new Fact(text, parser.asBool(top), parser.captures, parser.tools);
    }

    /** An expression: its value is a number or text (a capture's {@code name: expression}). */
    public static Fact expression(String text, Parsers parsers) throws FactException {
        var parser = new Parser(text, parsers);
        Typed top = parser.parseAll();
        return new Fact(text, parser.asValue(top), parser.captures, parser.tools);
    }

    public String text() {
        return text;
    }

    /** The {@code $captures} it names (without the {@code $}). */
    public Set<String> captures() {
        return captures;
    }

    /** The tools whose tables it reads. */
    public Set<String> tools() {
        return tools;
    }

    public boolean holds(Context context) {
        return Boolean.TRUE.equals(root.eval(context));
    }

    /** The expression's value, or null when it has none (no such row). */
    public Object value(Context context) {
        return root.eval(context);
    }

    // ---- values ----

    static Object number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? (Object) (long) value : value;
    }

    private static Double asNumber(Object value) {
        return switch (value) {
            case Long l -> (double) l;
            case Double d -> d;
            case Integer i -> (double) i;
            case String s when s.matches("-?\\d+(\\.\\d+)?") -> Double.parseDouble(s);
            case null, default -> null;
        };
    }

    /** Compares two values, numerically when both are numbers; null when either is missing. */
    static Integer compare(Object a, Object b) {
        if (a == null || b == null) {
            return null;
        }
        Double x = asNumber(a);
        Double y = asNumber(b);
        if (x != null && y != null && (a instanceof Number || b instanceof Number)) {
            return Double.compare(x, y);
        }
        return a.toString().compareTo(b.toString());
    }

    private static boolean test(String op, Integer comparison) {
        if (comparison == null) {
            return false;
        }
        return switch (op) {
            case "==" -> comparison == 0;
            case "!=" -> comparison != 0;
            case "<" -> comparison < 0;
            case "<=" -> comparison <= 0;
            case ">" -> comparison > 0;
            default -> comparison >= 0;
        };
    }

    private static boolean within(Object value, double percent, Object of) {
        Double x = asNumber(value);
        Double y = asNumber(of);
        return x != null && y != null && Math.abs(x - y) <= Math.abs(y) * percent / 100.0;
    }

    // ---- tables ----

    private record Condition(String field, String op, Node value, Pattern regex, double percent) {
        boolean holds(Row row, Context context) {
            List<Object> values = row.values(field);
            if (regex != null) {
                boolean any = values.stream().anyMatch(v -> regex.matcher(v.toString()).find());
                return op.equals("~") == any;
            }
            Object against = value.eval(context);
            if (op.equals("within")) {
                return values.stream().anyMatch(v -> within(v, percent, against));
            }
            if (op.equals("!=")) {
                return !values.isEmpty() && values.stream().noneMatch(v -> test("==", compare(v, against)));
            }
            return values.stream().anyMatch(v -> test(op, compare(v, against)));
        }
    }

    private record TableNode(String tool, List<Condition> conditions) {
        List<Row> rows(Context context) {
            Table table = context.table(tool);
            if (table == null) {
                return List.of();
            }
            var matching = new ArrayList<Row>();
            for (Row row : table.rows()) {
                if (conditions.stream().allMatch(c -> c.holds(row, context))) {
                    matching.add(row);
                }
            }
            return matching;
        }
    }

    // ---- parser ----

    private static final class Parser {
        private static final Pattern TOKEN = Pattern.compile(
                "\\s*(?:(?<number>\\d+(?:\\.\\d+)?)|(?<string>\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*')"
                        + "|(?<capture>\\$[A-Za-z_][A-Za-z0-9_]*)|(?<word>[A-Za-z_][A-Za-z0-9_]*)"
                        + "|(?<op>==|!=|<=|>=|!~|[<>~+\\-*/%(),.]))");
        private static final Set<String> AGGREGATES = Set.of("count", "min", "max", "sum", "avg");
        private static final Set<String> COMPARISONS = Set.of("==", "!=", "<", "<=", ">", ">=");

        private record Token(String kind, String text, int column) {
        }

        private final String text;
        private final Parsers parsers;
        private final List<Token> tokens = new ArrayList<>();
        private final Set<String> captures = new LinkedHashSet<>();
        private final Set<String> tools = new LinkedHashSet<>();
        private int at;

        Parser(String text, Parsers parsers) throws FactException {
            this.text = text;
            this.parsers = parsers;
            var m = TOKEN.matcher(text);
            int position = 0;
            while (position < text.length()) {
                if (text.substring(position).isBlank()) {
                    break;
                }
                if (!m.find(position) || m.start() != position) {
                    throw new FactException(position + 1, "cannot read '" + text.substring(position).strip() + "'");
                }
                for (String kind : List.of("number", "string", "capture", "word", "op")) {
                    if (m.group(kind) != null) {
                        tokens.add(new Token(kind, m.group(kind), m.start(kind) + 1));
                    }
                }
                position = m.end();
            }
        }

        Typed parseAll() throws FactException {
            if (tokens.isEmpty()) {
                throw new FactException(1, "the fact is empty");
            }
            Typed result = or();
            if (at < tokens.size()) {
                throw error("unexpected '" + peek().text() + "'");
            }
            return result;
        }

        private Token peek() {
            return at < tokens.size() ? tokens.get(at) : null;
        }

        private boolean accept(String text) {
            Token token = peek();
            if (token != null && token.text().equals(text) && !token.kind().equals("string")) {
                at++;
                return true;
            }
            return false;
        }

        private void expect(String text) throws FactException {
            if (!accept(text)) {
                throw error("expected '" + text + "'" + (peek() == null ? " at the end" : ", found '" + peek().text() + "'"));
            }
        }

        private FactException error(String message) {
            Token token = peek();
            return new FactException(token == null ? text.length() + 1 : token.column(), message);
        }

        private int column() {
            Token token = peek();
            return token == null ? text.length() + 1 : token.column();
        }

        Node asBool(Typed typed) throws FactException {
            return switch (typed.kind()) {
                case BOOL -> typed.node();
                case TABLE -> {
                    Node table = typed.node();
                    yield context -> !((List<?>) table.eval(context)).isEmpty();
                }
                case VALUE -> throw new FactException(typed.column(),
                        "a value where a condition is needed: compare it, e.g. '... >= 1'");
            };
        }

        Node asValue(Typed typed) throws FactException {
            return switch (typed.kind()) {
                case VALUE -> typed.node();
                case TABLE -> {
                    Node table = typed.node();
                    yield context -> (long) ((List<?>) table.eval(context)).size();
                }
                case BOOL -> throw new FactException(typed.column(), "a condition where a value is needed");
            };
        }

        private Typed or() throws FactException {
            Typed left = and();
            while (accept("or")) {
                Node a = asBool(left);
                Node b = asBool(and());
                left = new Typed(context -> Boolean.TRUE.equals(a.eval(context)) || Boolean.TRUE.equals(b.eval(context)),
                        Kind.BOOL, left.column());
            }
            return left;
        }

        private Typed and() throws FactException {
            Typed left = not();
            while (accept("and")) {
                Node a = asBool(left);
                Node b = asBool(not());
                left = new Typed(context -> Boolean.TRUE.equals(a.eval(context)) && Boolean.TRUE.equals(b.eval(context)),
                        Kind.BOOL, left.column());
            }
            return left;
        }

        private Typed not() throws FactException {
            int column = column();
            if (accept("not")) {
                Node inner = asBool(not());
                return new Typed(context -> !Boolean.TRUE.equals(inner.eval(context)), Kind.BOOL, column);
            }
            return comparison();
        }

        private Typed comparison() throws FactException {
            Typed left = sum();
            Token op = peek();
            if (op != null && op.kind().equals("op") && COMPARISONS.contains(op.text())) {
                at++;
                Node a = asValue(left);
                Node b = asValue(sum());
                String operator = op.text();
                return new Typed(context -> test(operator, compare(a.eval(context), b.eval(context))), Kind.BOOL, left.column());
            }
            if (accept("within")) {
                double percent = percent();
                Node a = asValue(left);
                Node b = asValue(sum());
                return new Typed(context -> within(a.eval(context), percent, b.eval(context)), Kind.BOOL, left.column());
            }
            return left;
        }

        private double percent() throws FactException {
            Token number = peek();
            if (number == null || !number.kind().equals("number")) {
                throw error("'within' takes a percentage: within 10% of ...");
            }
            at++;
            expect("%");
            expect("of");
            return Double.parseDouble(number.text());
        }

        private Typed sum() throws FactException {
            Typed left = term();
            while (peek() != null && (peek().text().equals("+") || peek().text().equals("-")) && peek().kind().equals("op")) {
                String op = tokens.get(at++).text();
                Node a = asValue(left);
                Node b = asValue(term());
                left = new Typed(context -> arithmetic(op, a.eval(context), b.eval(context)), Kind.VALUE, left.column());
            }
            return left;
        }

        private Typed term() throws FactException {
            Typed left = factor();
            while (peek() != null && (peek().text().equals("*") || peek().text().equals("/")) && peek().kind().equals("op")) {
                String op = tokens.get(at++).text();
                Node a = asValue(left);
                Node b = asValue(factor());
                left = new Typed(context -> arithmetic(op, a.eval(context), b.eval(context)), Kind.VALUE, left.column());
            }
            return left;
        }

        private static Object arithmetic(String op, Object a, Object b) {
            Double x = asNumber(a);
            Double y = asNumber(b);
            if (x == null || y == null || op.equals("/") && y == 0) {
                return null;
            }
            return number(switch (op) {
                case "+" -> x + y;
                case "-" -> x - y;
                case "*" -> x * y;
                default -> x / y;
            });
        }

        private Typed factor() throws FactException {
            Token token = peek();
            if (token == null) {
                throw error("the fact ends where a value is needed");
            }
            int column = token.column();
            switch (token.kind()) {
                case "number" -> {
                    at++;
                    Object value = Row.value(token.text());
                    return new Typed(context -> value, Kind.VALUE, column);
                }
                case "string" -> {
                    at++;
                    String value = unquote(token.text());
                    return new Typed(context -> value, Kind.VALUE, column);
                }
                case "capture" -> {
                    at++;
                    String name = token.text().substring(1);
                    captures.add(name);
                    return new Typed(context -> context.capture(name), Kind.VALUE, column);
                }
                default -> {
                    // words and operators below
                }
            }
            if (accept("-")) {
                Node inner = asValue(factor());
                return new Typed(context -> arithmetic("-", 0L, inner.eval(context)), Kind.VALUE, column);
            }
            if (accept("(")) {
                Typed inner = or();
                expect(")");
                return new Typed(inner.node(), inner.kind(), column);
            }
            if (token.kind().equals("word") && AGGREGATES.contains(token.text()) && at + 1 < tokens.size()
                    && tokens.get(at + 1).text().equals("(")) {
                return aggregate();
            }
            if (token.kind().equals("word") && at + 1 < tokens.size() && tokens.get(at + 1).text().equals("(")) {
                TableNode table = table();
                if (accept(".")) {
                    String field = field(table.tool());
                    // The first row that has the field: a client's timeout! before a late whoami reply has no pid.
                    return new Typed(context -> table.rows(context).stream()
                            .map(row -> row.get(field)).filter(value -> value != null).findFirst().orElse(null),
                            Kind.VALUE, column);
                }
                return new Typed(table::rows, Kind.TABLE, column);
            }
            if (token.kind().equals("word") && Set.of("and", "or", "not", "within", "of").contains(token.text())) {
                throw error("'" + token.text() + "' where a value is needed");
            }
            throw error(token.kind().equals("word")
                    ? "'" + token.text() + "' is neither a table such as ps(...), nor a $capture, a number or a \"string\""
                    : "unexpected '" + token.text() + "'");
        }

        private Typed aggregate() throws FactException {
            Token name = tokens.get(at++);
            int column = name.column();
            expect("(");
            if (peek() == null || !peek().kind().equals("word")) {
                throw error(name.text() + "(...) takes a table, e.g. " + name.text() + "(ps(ppid == $pid).rss)");
            }
            TableNode table = table();
            String field = accept(".") ? field(table.tool()) : null;
            expect(")");
            String function = name.text();
            if (field == null && !function.equals("count")) {
                throw new FactException(column, function + "(...) needs a field: " + function + "(" + table.tool() + "(...).rss)");
            }
            return new Typed(context -> {
                List<Row> rows = table.rows(context);
                if (function.equals("count")) {
                    return (long) (field == null ? rows.size() : rows.stream().filter(r -> r.get(field) != null).count());
                }
                var numbers = rows.stream().map(r -> asNumber(r.get(field))).filter(n -> n != null).toList();
                if (numbers.isEmpty()) {
                    return function.equals("sum") ? 0L : null;
                }
                var stats = numbers.stream().mapToDouble(Double::doubleValue).summaryStatistics();
                return number(switch (function) {
                    case "min" -> stats.getMin();
                    case "max" -> stats.getMax();
                    case "sum" -> stats.getSum();
                    default -> stats.getAverage();
                });
            }, Kind.VALUE, column);
        }

        private TableNode table() throws FactException {
            Token name = tokens.get(at++);
            String tool = name.text();
            if (parsers.forTool(tool).isEmpty()) {
                throw new FactException(name.column(), "no tool '" + tool + "': tables are " + String.join(", ", parsers.tools()));
            }
            tools.add(tool);
            expect("(");
            var conditions = new ArrayList<Condition>();
            if (!accept(")")) {
                do {
                    conditions.add(condition(tool));
                } while (accept(","));
                expect(")");
            }
            return new TableNode(tool, conditions);
        }

        private Condition condition(String tool) throws FactException {
            String field = field(tool);
            Token op = peek();
            if (op == null) {
                throw error("a condition on " + field + " needs an operator: == != < <= > >= ~ !~ within");
            }
            if (op.text().equals("~") || op.text().equals("!~")) {
                at++;
                Token regex = peek();
                if (regex == null || !regex.kind().equals("string")) {
                    throw error(op.text() + " takes a \"regular expression\"");
                }
                at++;
                try {
                    return new Condition(field, op.text(), null, Pattern.compile(unquote(regex.text())), 0);
                } catch (PatternSyntaxException e) {
                    throw new FactException(regex.column(), "bad regular expression: " + e.getDescription());
                }
            }
            if (op.text().equals("within")) {
                at++;
                double percent = percent();
                return new Condition(field, "within", asValue(sum()), null, percent);
            }
            if (!COMPARISONS.contains(op.text())) {
                throw error("a condition on " + field + " needs an operator (== != < <= > >= ~ !~ within), not '" + op.text() + "'");
            }
            at++;
            return new Condition(field, op.text(), asValue(sum()), null, 0);
        }

        private String field(String tool) throws FactException {
            Token token = peek();
            if (token == null || !token.kind().equals("word")) {
                throw error("expected a field of " + tool);
            }
            at++;
            ToolParser parser = parsers.forTool(tool).orElseThrow();
            String field = parser.canonical(token.text().toLowerCase(Locale.ROOT));
            if (!parser.fields().isEmpty() && !parser.fields().contains(field)) {
                throw new FactException(token.column(), tool + " has no field '" + token.text() + "'; its fields: "
                        + String.join(" ", parser.fields().stream().sorted().toList()));
            }
            return field;
        }

        private static String unquote(String quoted) {
            String body = quoted.substring(1, quoted.length() - 1);
            var out = new StringBuilder();
            for (int i = 0; i < body.length(); i++) {
                char c = body.charAt(i);
                if (c == '\\' && i + 1 < body.length() && (body.charAt(i + 1) == quoted.charAt(0) || body.charAt(i + 1) == '\\')) {
                    out.append(body.charAt(++i));
                } else {
                    out.append(c);
                }
            }
            return out.toString();
        }
    }
}
