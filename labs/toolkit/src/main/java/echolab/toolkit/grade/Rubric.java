package echolab.toolkit.grade;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A lab's rubric ({@code labs/NN-topic/rubric.yaml}, format C6): named rules with points, read and
 * checked by {@link RubricReader}.
 *
 * @param name    how messages name the rubric's file
 * @param maxSpan the longest time a genuine log of this lab plausibly spans
 */
public record Rubric(String name, String lab, String title, String model, Integer minutes, List<String> needs,
                     List<String> requires, Duration maxSpan, List<Rule> rules) {
    public Rubric {
        needs = List.copyOf(needs);
        requires = List.copyOf(requires);
        rules = List.copyOf(rules);
    }

    /**
     * One rule. An automatic rule has a {@link Check}; a manual one has the question whose answer
     * the instructor grades by hand.
     */
    public record Rule(String id, int line, double points, String evidence, Check check, List<String> after, String hint,
                       boolean optionalWithoutRoot, String manual) {
        public boolean automatic() {
            return manual == null;
        }
    }

    /** What makes blocks a rule's evidence: one set of criteria, or alternatives of which any or all must hold. */
    public sealed interface Check permits Criteria, AnyOf, AllOf {
        int line();
    }

    /**
     * Criteria on one block: its command line, its output, a fact over its parsed output, and
     * captures it binds. A criteria without {@code command} is evaluated once, over captures only.
     */
    public record Criteria(int line, Pattern command, Pattern output, Fact fact, Capture capture) implements Check {
    }

    public record AnyOf(int line, List<Check> alternatives) implements Check {
    }

    public record AllOf(int line, List<Check> alternatives) implements Check {
    }

    /** Values a rule binds from its evidence: a regex's named groups over the output, or {@code name: expression}s. */
    public record Capture(Pattern regex, Map<String, Fact> expressions) {
        public Set<String> names() {
            return regex != null ? regex.namedGroups().keySet() : expressions.keySet();
        }
    }

    public Optional<Rule> rule(String id) {
        return rules.stream().filter(r -> r.id().equals(id)).findFirst();
    }

    /** The captures a rule's check binds. */
    public static Set<String> captured(Check check) {
        var names = new LinkedHashSet<String>();
        switch (check) {
            case Criteria c when c.capture() != null -> names.addAll(c.capture().names());
            case Criteria c -> {
            }
            case AnyOf any -> any.alternatives().forEach(a -> names.addAll(captured(a)));
            case AllOf all -> all.alternatives().forEach(a -> names.addAll(captured(a)));
        }
        return names;
    }

    /** The captures a rule's check reads. */
    public static Set<String> used(Check check) {
        var names = new LinkedHashSet<String>();
        switch (check) {
            case Criteria c -> {
                if (c.fact() != null) {
                    names.addAll(c.fact().captures());
                }
                if (c.capture() != null && c.capture().expressions() != null) {
                    c.capture().expressions().values().forEach(f -> names.addAll(f.captures()));
                }
            }
            case AnyOf any -> any.alternatives().forEach(a -> names.addAll(used(a)));
            case AllOf all -> all.alternatives().forEach(a -> names.addAll(used(a)));
        }
        return names;
    }

    /** The command patterns of a check (to find the blocks an optional rule would have used). */
    public static List<Pattern> commands(Check check) {
        return switch (check) {
            case Criteria c -> c.command() == null ? List.of() : List.of(c.command());
            case AnyOf any -> any.alternatives().stream().flatMap(a -> commands(a).stream()).toList();
            case AllOf all -> all.alternatives().stream().flatMap(a -> commands(a).stream()).toList();
        };
    }

    /** The rule that binds {@code capture}, above {@code before} (or anywhere when before is null). */
    public Optional<Rule> capturer(String capture) {
        return rules.stream().filter(r -> r.automatic() && captured(r.check()).contains(capture)).findFirst();
    }

    /** Whether {@code rule} depends on {@code on}: it comes {@code after} it or uses its captures, directly or through others. */
    public boolean dependsOn(Rule rule, Rule on) {
        return dependsOn(rule, on, new LinkedHashSet<>());
    }

    private boolean dependsOn(Rule rule, Rule on, Set<String> seen) {
        if (!rule.automatic() || !seen.add(rule.id())) {
            return false;
        }
        var direct = new LinkedHashSet<>(rule.after());
        for (String capture : used(rule.check())) {
            capturer(capture).filter(r -> !r.id().equals(rule.id())).ifPresent(r -> direct.add(r.id()));
        }
        for (String id : direct) {
            if (id.equals(on.id()) || rule(id).map(r -> dependsOn(r, on, seen)).orElse(false)) {
                return true;
            }
        }
        return false;
    }
}
