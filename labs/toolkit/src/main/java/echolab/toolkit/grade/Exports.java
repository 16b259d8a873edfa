package echolab.toolkit.grade;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.QuoteMode;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import echolab.toolkit.grade.Outcome.Status;
import echolab.toolkit.grade.Rubric.Rule;

/**
 * What an instructor pastes into real systems: a gradebook CSV (plain, or in Canvas's or
 * Moodle's import layout; UTF-8, every field quoted), a Markdown feedback file per student,
 * Gradescope's {@code results.json}, and the JSON of every grade.
 */
final class Exports {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final CSVFormat CSV = CSVFormat.DEFAULT.builder().setQuoteMode(QuoteMode.ALL).get();

    private Exports() {
    }

    /** A graded log with the roster's identifiers of its student. */
    record Graded(Grade grade, Path file, Map<String, String> identity) {
        String student() {
            return identity.getOrDefault("name", Grading.student(grade));
        }

        String key() {
            return identity.containsKey("file") || identity.containsKey("id") ? identity.toString() : student();
        }
    }

    static void csv(List<Graded> graded, String format, Path file) throws IOException {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8); CSVPrinter csv = new CSVPrinter(out, CSV)) {
            switch (format) {
                case "canvas" -> canvas(graded, csv);
                case "moodle" -> moodle(graded, csv);
                default -> plain(graded, csv);
            }
        }
    }

    /** A row per log: who, which lab, the score, the flags, and a column per rule. */
    private static void plain(List<Graded> graded, CSVPrinter csv) throws IOException {
        Set<String> ruleColumns = new LinkedHashSet<>();
        boolean severalLabs = graded.stream().map(g -> g.grade().rubric().lab()).distinct().count() > 1;
        for (Graded g : graded) {
            g.grade().rubric().rules().forEach(r -> ruleColumns.add(column(g.grade(), r, severalLabs)));
        }
        var header = new ArrayList<String>(List.of("file", "student", "id", "lab", "score", "max_score", "manual_points", "flags"));
        header.addAll(ruleColumns);
        csv.printRecord(header);
        for (Graded g : graded) {
            Grade grade = g.grade();
            var row = new ArrayList<Object>(List.of(g.file().toString(), g.student(), g.identity().getOrDefault("id", ""),
                    grade.rubric().lab(), Grade.points(grade.score()), Grade.points(grade.maxScore()),
                    Grade.points(grade.manualPoints()), String.join(" | ", grade.flags())));
            Map<String, String> byColumn = new LinkedHashMap<>();
            for (Outcome o : grade.outcomes()) {
                byColumn.put(column(grade, o.rule(), severalLabs), switch (o.status()) {
                    case SCORED, MISSED, NOT_TRIED -> Grade.points(o.points());
                    case EXCUSED -> "excused";
                    case MANUAL -> "";
                });
            }
            ruleColumns.forEach(c -> row.add(byColumn.getOrDefault(c, "")));
            csv.printRecord(row);
        }
    }

    private static String column(Grade grade, Rule rule, boolean severalLabs) {
        return severalLabs ? grade.rubric().lab() + "/" + rule.id() : rule.id();
    }

    /**
     * Canvas's gradebook import: Student, ID, SIS User ID, SIS Login ID, Section, then a column
     * per lab (an assignment Canvas creates when no column of that name exists yet), and the
     * "Points Possible" row Canvas's own export has under the header.
     */
    private static void canvas(List<Graded> graded, CSVPrinter csv) throws IOException {
        Map<String, Double> labs = labs(graded);
        var header = new ArrayList<String>(List.of("Student", "ID", "SIS User ID", "SIS Login ID", "Section"));
        header.addAll(labs.keySet());
        csv.printRecord(header);
        var possible = new ArrayList<Object>(List.of("    Points Possible", "", "", "", ""));
        labs.values().forEach(max -> possible.add(Grade.points(max)));
        csv.printRecord(possible);
        for (var student : byStudent(graded).entrySet()) {
            Graded first = student.getValue().getFirst();
            Map<String, String> id = first.identity();
            var row = new ArrayList<Object>(List.of(first.student(), id.getOrDefault("id", ""), id.getOrDefault("sis_user_id", ""),
                    id.getOrDefault("sis_login_id", ""), id.getOrDefault("section", "")));
            for (String lab : labs.keySet()) {
                row.add(student.getValue().stream().filter(g -> labColumn(g.grade()).equals(lab)).findFirst()
                        .map(g -> Grade.points(g.grade().gradebookScore())).orElse(""));
            }
            csv.printRecord(row);
        }
    }

    /** Moodle's grade import: an identifier column to map to a user field, then a grade and a feedback column per lab. */
    private static void moodle(List<Graded> graded, CSVPrinter csv) throws IOException {
        Map<String, Double> labs = labs(graded);
        String identifier = graded.stream().anyMatch(g -> g.identity().containsKey("email")) ? "email"
                : graded.stream().anyMatch(g -> g.identity().containsKey("idnumber")) ? "idnumber"
                : graded.stream().anyMatch(g -> g.identity().containsKey("username")) ? "username" : "name";
        var header = new ArrayList<String>(List.of(switch (identifier) {
            case "email" -> "Email address";
            case "idnumber" -> "ID number";
            case "username" -> "Username";
            default -> "Full name";
        }));
        for (String lab : labs.keySet()) {
            header.add(lab);
            header.add(lab + " (feedback)");
        }
        csv.printRecord(header);
        for (var student : byStudent(graded).entrySet()) {
            Graded first = student.getValue().getFirst();
            var row = new ArrayList<Object>(List.of(identifier.equals("name") ? first.student() : first.identity().getOrDefault(identifier, "")));
            for (String lab : labs.keySet()) {
                var grade = student.getValue().stream().filter(g -> labColumn(g.grade()).equals(lab)).findFirst();
                row.add(grade.map(g -> Grade.points(g.grade().gradebookScore())).orElse(""));
                row.add(grade.map(g -> summary(g.grade())).orElse(""));
            }
            csv.printRecord(row);
        }
    }

    /**
     * Each lab's column and its points possible: the automatic and the hand-graded points, so that
     * the instructor adds the answers' points in the gradebook to the automatic score exported.
     */
    private static Map<String, Double> labs(List<Graded> graded) {
        Map<String, Double> labs = new LinkedHashMap<>();
        for (Graded g : graded) {
            labs.merge(labColumn(g.grade()), g.grade().automaticPoints() + g.grade().manualPoints(), Math::max);
        }
        return labs;
    }

    private static String labColumn(Grade grade) {
        Rubric rubric = grade.rubric();
        return rubric.title().isEmpty() ? "Lab " + rubric.lab() : "Lab " + rubric.lab() + ": " + rubric.title();
    }

    private static Map<String, List<Graded>> byStudent(List<Graded> graded) {
        Map<String, List<Graded>> students = new LinkedHashMap<>();
        for (Graded g : graded) {
            students.computeIfAbsent(g.key(), k -> new ArrayList<>()).add(g);
        }
        return students;
    }

    /** One line of feedback: the score and what is missing. */
    static String summary(Grade grade) {
        var missing = grade.misses().stream().map(o -> o.rule().id()).toList();
        return Grade.points(grade.score()) + "/" + Grade.points(grade.maxScore())
                + (missing.isEmpty() ? ": every piece of evidence is there" : "; missing: " + String.join(", ", missing))
                + (grade.manualPoints() > 0 ? "; " + Grade.points(grade.manualPoints()) + " points graded by hand" : "");
    }

    /** A Markdown file per student and lab: what scored, what is missing and how to get it, what is graded by hand. */
    static void feedback(List<Graded> graded, Path dir) throws IOException {
        Files.createDirectories(dir);
        Set<String> used = new LinkedHashSet<>();
        for (Graded g : graded) {
            Grade grade = g.grade();
            var text = new StringBuilder("# ").append(grade.rubric().title().isEmpty() ? "Lab " + grade.rubric().lab()
                    : grade.rubric().title()).append(" — feedback for ").append(g.student()).append("\n\n");
            text.append("Lab ").append(grade.rubric().lab()).append(", log `").append(g.file().getFileName()).append("`: **")
                    .append(Grade.points(grade.score())).append(" of ").append(Grade.points(grade.maxScore())).append(" points**");
            if (grade.manualPoints() > 0) {
                text.append(", and ").append(Grade.points(grade.manualPoints())).append(" more for your answers, graded by hand");
            }
            text.append(".\n");
            section(text, "What your log shows", grade, Status.SCORED, o -> Grader.withValues(o.rule().evidence(), grade.captures()) + " (" + Grade.points(o.points())
                    + "; " + Report.evidence(o) + ")");
            var missing = grade.outcomes().stream().filter(Outcome::missed).toList();
            if (!missing.isEmpty()) {
                text.append("\n## What is missing, and how to get it\n\n");
                for (Outcome o : missing) {
                    text.append("- ").append(Grader.withValues(o.rule().evidence(), grade.captures())).append(" (")
                            .append(Grade.points(o.rule().points())).append("): ").append(o.why()).append('.');
                    if (o.rule().hint() != null) {
                        text.append(" To get it: ").append(Grader.withValues(o.rule().hint(), grade.captures()));
                    }
                    text.append('\n');
                }
            }
            section(text, "Not counted", grade, Status.EXCUSED, o -> Grader.withValues(o.rule().evidence(), grade.captures()) + ": " + o.why());
            section(text, "Graded by hand", grade, Status.MANUAL, o -> "\"" + o.rule().manual() + "\" ("
                    + Grade.points(o.rule().points()) + ")" + (o.answer() == null ? ": no answer found in your log"
                    : o.answer().text().isBlank() ? ": your answer under it is empty" : ""));
            String base = slug(g.student()) + "-" + slug(grade.rubric().lab());
            String name = base;
            for (int n = 2; !used.add(name); n++) {
                name = base + "-" + n;
            }
            Files.writeString(dir.resolve(name + ".md"), text, StandardCharsets.UTF_8);
        }
    }

    private static void section(StringBuilder text, String title, Grade grade, Status status,
                                java.util.function.Function<Outcome, String> item) {
        var outcomes = grade.outcomes().stream().filter(o -> o.status() == status).toList();
        if (!outcomes.isEmpty()) {
            text.append("\n## ").append(title).append("\n\n");
            outcomes.forEach(o -> text.append("- ").append(item.apply(o)).append('\n'));
        }
    }

    /**
     * Gradescope's {@code results.json}: {@code score}, {@code max_score}, and a test per automatic
     * rule. One log: {@code DIR/results.json}, as an autograder writes it; several: a folder per student.
     * Integrity flags are for a person to look at, not an accusation: they go in a test of no
     * points that Gradescope shows the instructor only ({@code "visibility": "hidden"}).
     */
    static void gradescope(List<Graded> graded, Path dir) throws IOException {
        Files.createDirectories(dir);
        Set<String> used = new LinkedHashSet<>();
        for (Graded g : graded) {
            Grade grade = g.grade();
            var tests = new ArrayList<Map<String, Object>>();
            for (Outcome o : grade.outcomes()) {
                if (o.status() == Status.MANUAL) {
                    continue;
                }
                Map<String, Object> test = new LinkedHashMap<>();
                test.put("name", o.rule().id() + ": " + Grader.withValues(o.rule().evidence(), grade.captures()));
                test.put("score", o.points());
                test.put("max_score", o.counts() ? o.rule().points() : 0.0);
                test.put("status", o.status() == Status.SCORED || o.status() == Status.EXCUSED ? "passed" : "failed");
                test.put("output", Report.line(grade, o));
                tests.add(test);
            }
            if (!grade.flags().isEmpty()) {
                Map<String, Object> flags = new LinkedHashMap<>();
                flags.put("name", "integrity flags, for the instructor to look at");
                flags.put("score", 0.0);
                flags.put("max_score", 0.0);
                flags.put("status", "failed");
                flags.put("output", String.join("\n", grade.flags()));
                flags.put("visibility", "hidden");
                tests.add(flags);
            }
            Map<String, Object> results = new LinkedHashMap<>();
            results.put("score", grade.score());
            results.put("max_score", grade.maxScore());
            results.put("output", Exports.summary(grade));
            results.put("visibility", "visible");
            results.put("stdout_visibility", "hidden");
            results.put("tests", tests);
            Path target = dir;
            if (graded.size() > 1) {
                String name = slug(g.student());
                for (int n = 2; !used.add(name); n++) {
                    name = slug(g.student()) + "-" + n;
                }
                target = dir.resolve(name);
                Files.createDirectories(target);
            }
            JSON.writeValue(target.resolve("results.json").toFile(), results);
        }
    }

    /** Every grade as JSON: per log its file, student, lab, score, max_score, flags, and its rules. */
    static String json(List<Graded> graded) throws IOException {
        var logs = new ArrayList<Map<String, Object>>();
        for (Graded g : graded) {
            Grade grade = g.grade();
            Map<String, Object> log = new LinkedHashMap<>();
            log.put("file", g.file().toString());
            log.put("student", g.student());
            log.put("lab", grade.rubric().lab());
            log.put("score", grade.score());
            log.put("max_score", grade.maxScore());
            log.put("manual_points", grade.manualPoints());
            log.put("flags", grade.flags());
            log.put("notes", grade.log().problems().stream().map(p -> p.describe(grade.log().name())).toList());
            var rules = new ArrayList<Map<String, Object>>();
            for (Outcome o : grade.outcomes()) {
                Map<String, Object> rule = new LinkedHashMap<>();
                rule.put("id", o.rule().id());
                rule.put("status", o.status().name().toLowerCase(Locale.ROOT));
                rule.put("points", o.status() == Status.MANUAL ? null : o.points());
                rule.put("max_points", o.rule().points());
                rule.put("missing", o.missed() ? Report.missing(grade, o) : null);
                rule.put("evidence_lines", o.evidence().stream().map(b -> b.line()).toList());
                if (o.status() == Status.MANUAL) {
                    rule.put("question", o.rule().manual());
                    rule.put("answer", o.answer() == null ? null : o.answer().text());
                }
                rules.add(rule);
            }
            log.put("rules", rules);
            logs.add(log);
        }
        return JSON.writeValueAsString(logs);
    }

    static String slug(String text) {
        String slug = text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
        return slug.isEmpty() ? "student" : slug;
    }
}
