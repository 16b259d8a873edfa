package echolab.toolkit.grade;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import echolab.toolkit.grade.Outcome.Status;
import echolab.toolkit.grade.Rubric.Rule;
import echolab.toolkit.logs.Block;
import echolab.toolkit.logs.Problem;

/** The text {@code lab grade} prints: a section per log, then for several logs the class table. */
final class Report {
    private Report() {
    }

    static String log(Grade grade) {
        var text = new StringBuilder();
        text.append(grade.log().name()).append(" — ").append(Grading.student(grade)).append(" — ").append(grade.rubric().lab())
                .append(": ").append(Grade.points(grade.score())).append('/').append(Grade.points(grade.maxScore()));
        if (grade.manualPoints() > 0) {
            text.append(" (+").append(Grade.points(grade.manualPoints())).append(" by hand)");
        }
        text.append('\n');
        for (Outcome o : grade.outcomes()) {
            text.append("  ").append(line(grade, o)).append('\n');
        }
        for (String flag : grade.flags()) {
            text.append("  flag: ").append(flag).append('\n');
        }
        for (Problem problem : grade.log().problems()) {
            text.append("  note: ").append(problem.describe(grade.log().name())).append('\n');
        }
        return text.toString();
    }

    /** One rule's line: {@code zombies-seen 0/3: not shown: ...; hint: ...}. */
    static String line(Grade grade, Outcome o) {
        Rule rule = o.rule();
        String score = Grade.points(o.points()) + "/" + Grade.points(rule.points());
        return switch (o.status()) {
            case SCORED -> rule.id() + " " + score + ": " + evidence(o);
            case MISSED, NOT_TRIED -> rule.id() + " " + score + ": " + missing(grade, o);
            case EXCUSED -> rule.id() + " excused: " + o.why() + " (not counted)";
            case MANUAL -> rule.id() + " _/" + Grade.points(rule.points()) + " by hand: " + answer(o);
        };
    }

    static String evidence(Outcome o) {
        if (o.evidence().isEmpty()) {
            return o.rule().evidence();
        }
        var places = new ArrayList<String>();
        for (Block block : o.evidence()) {
            places.add("line " + block.line() + " (" + block.command() + ")");
        }
        return String.join(", ", places);
    }

    /** What a miss lacks, with the log's own values, and how to get it. */
    static String missing(Grade grade, Outcome o) {
        Rule rule = o.rule();
        String text = (o.status() == Status.NOT_TRIED ? "not tried: " : "not shown: ")
                + Grader.withValues(rule.evidence(), grade.captures()) + " (" + o.why() + ")";
        if (rule.hint() != null) {
            text += "; hint: " + Grader.withValues(rule.hint(), grade.captures());
        }
        return text;
    }

    static String answer(Outcome o) {
        if (o.answer() == null) {
            return "no answer found to \"" + o.rule().manual() + "\" under the log's Answers";
        }
        String answer = o.answer().text().isBlank() ? "(empty)" : o.answer().text().replaceAll("\\s*\\n\\s*", " ");
        return "\"" + o.rule().manual() + "\" (line " + o.answer().line() + "): " + answer;
    }

    /** Students × rules, each rule's pass rate, and the most common misses (several logs of one rubric). */
    static String classTable(List<Grade> grades) {
        Rubric rubric = grades.getFirst().rubric();
        List<Rule> rules = rubric.rules().stream().filter(Rule::automatic).toList();
        var rows = new ArrayList<List<String>>();
        var header = new ArrayList<String>(List.of("student"));
        rules.forEach(r -> header.add(r.id()));
        header.add("score");
        rows.add(header);
        for (Grade grade : grades) {
            var row = new ArrayList<String>(List.of(Grading.student(grade)));
            for (Rule rule : rules) {
                Outcome o = grade.outcome(rule.id());
                row.add(switch (o.status()) {
                    case SCORED -> "✓";
                    case EXCUSED -> "–";
                    default -> "✗";
                });
            }
            row.add(Grade.points(grade.score()) + "/" + Grade.points(grade.maxScore()) + (grade.flags().isEmpty() ? "" : " flagged"));
            rows.add(row);
        }
        var rate = new ArrayList<String>(List.of("passed"));
        Map<Rule, Integer> misses = new LinkedHashMap<>();
        for (Rule rule : rules) {
            long counted = grades.stream().filter(g -> g.outcome(rule.id()).counts()).count();
            long passed = grades.stream().filter(g -> g.outcome(rule.id()).status() == Status.SCORED).count();
            rate.add(counted == 0 ? "–" : Math.round(100.0 * passed / counted) + "%");
            misses.put(rule, (int) (counted - passed));
        }
        rate.add("");
        rows.add(rate);
        var text = new StringBuilder(table(rows));
        var common = misses.entrySet().stream().filter(e -> e.getValue() > 0)
                .sorted((a, b) -> b.getValue() - a.getValue()).limit(5).toList();
        if (!common.isEmpty()) {
            text.append("most common misses:\n");
            for (var miss : common) {
                Rule rule = miss.getKey();
                text.append("  ").append(rule.id()).append(": ").append(miss.getValue()).append(" of ").append(grades.size())
                        .append(" logs lack ").append(rule.evidence());
                if (rule.hint() != null) {
                    text.append(" (hint: ").append(rule.hint()).append(')');
                }
                text.append('\n');
            }
        }
        return text.toString();
    }

    private static String table(List<List<String>> rows) {
        int columns = rows.getFirst().size();
        int[] widths = new int[columns];
        for (List<String> row : rows) {
            for (int i = 0; i < columns; i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        var text = new StringBuilder();
        for (List<String> row : rows) {
            var line = new StringBuilder();
            for (int i = 0; i < columns; i++) {
                line.append(String.format("%-" + widths[i] + "s", row.get(i))).append(i < columns - 1 ? "  " : "");
            }
            text.append(line.toString().stripTrailing()).append('\n');
        }
        return text.toString();
    }
}
