package echolab.toolkit.grade;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import echolab.core.Cli;
import echolab.core.UsageException;
import echolab.toolkit.course.Course;
import echolab.toolkit.evidence.Parsers;
import echolab.toolkit.grade.Exports.Graded;
import echolab.toolkit.logs.LogParser;
import echolab.toolkit.logs.ParsedLog;
import echolab.toolkit.logs.UnreadableLogException;

/**
 * {@code ./lab grade LOG...} (C7): grades lab logs against their labs' rubrics, prints a line per
 * rule and the flags a person should look at, a class table for several logs, and the exports an
 * instructor pastes into a gradebook. The lab checks call it with {@code --require-full},
 * {@code --self-test} and {@code --expect-miss}. Exit 0 graded, 1 a log ungradable or a
 * requirement not met (named, with why), 2 bad usage.
 */
public final class Grading {
    /** A log this large is no lab log (the grader reads it into memory). */
    private static final long MAX_LOG_BYTES = 256L << 20;

    private Grading() {
    }

    public static void main(String[] args) {
        Cli.run("grade", args, arguments -> {
            int status = run(arguments, System.out, System.err);
            System.out.flush();
            System.exit(status);
        });
    }

    public static int run(String[] args, PrintStream out, PrintStream err) throws IOException {
        Cli.Parsed parsed = new Cli("grade", "LOG... [options]",
                "Grade lab logs against their labs' rubrics (labs/NN-topic/rubric.yaml): a line per rule, the missing"
                        + " evidence in the log's own values with a hint, integrity flags, a class table, and gradebook exports."
                        + " The lab of a log is --lab, else its Lab: line or title, else its file name (<you>-NN.md),"
                        + " else a rubric.yaml beside it.")
                .value("lab", "NN", "grade every log as lab NN (04 or 04-reaping)")
                .value("rubric", "FILE", "grade every log with this rubric")
                .flag("json", "print the grades as JSON instead of text")
                .value("csv", "FILE", "write a gradebook CSV (see --format)")
                .value("format", "FORMAT", "the CSV's layout: plain (default), canvas or moodle")
                .value("roster", "CSV", "a CSV with file or name columns and the institution's ids (id, sis_user_id,"
                        + " sis_login_id, section, email, username, idnumber)")
                .value("feedback", "DIR", "write one Markdown feedback file per student there")
                .value("gradescope", "DIR", "write Gradescope's results.json there (a folder per student for several logs)")
                .flag("without-root", "excuse the rules marked optional_without_root (this machine had no root)")
                .flag("require-full", "exit 1 unless every automatic rule scores (for lab checks)")
                .flag("self-test", "for each rule, drop the blocks that satisfied it and require exactly it to lose its points")
                .value("expect-miss", "RULE,...", "exit 1 unless exactly these rules miss (a negative control)")
                .flag("check-rubric", "validate the rubric files given instead of logs, and grade nothing")
                .parse(args);
        Parsers parsers = Parsers.standard();
        List<String> files = parsed.arguments();
        if (parsed.flag("check-rubric")) {
            return checkRubrics(files, parsers, out, err);
        }
        if (files.isEmpty()) {
            throw new UsageException("no log to grade: ./lab grade LOG... (e.g. lab-logs/students/*.md)");
        }
        String format = parsed.choice("format", "plain", List.of("plain", "canvas", "moodle"));
        if (parsed.text("format", null) != null && parsed.text("csv", null) == null) {
            throw new UsageException("--format says how to write --csv FILE, which is missing");
        }
        if (parsed.text("lab", null) != null && parsed.text("rubric", null) != null) {
            throw new UsageException("give --lab or --rubric, not both");
        }
        Roster roster = parsed.text("roster", null) == null ? Roster.empty() : Roster.read(existing(parsed.text("roster", null), "--roster"));
        if (parsed.text("rubric", null) != null) {
            existing(parsed.text("rubric", null), "--rubric");
        }
        boolean withoutRoot = parsed.flag("without-root");
        Optional<Course> course = Course.find(files.stream().map(f -> Path.of(f).toAbsolutePath().getParent()).distinct().toList());

        // Read and grade every log; what cannot be graded is named with why.
        var ungradable = new ArrayList<String>();
        var graders = new HashMap<String, Grader>();
        var brokenRubrics = new LinkedHashSet<String>();
        var graded = new ArrayList<Graded>();
        var logs = logFiles(files, err);
        var progress = new Progress(err, logs.size());
        var results = new ArrayList<Graded>(java.util.Collections.nCopies(logs.size(), (Graded) null));
        var failures = new ArrayList<String>(java.util.Collections.nCopies(logs.size(), (String) null));
        var done = new AtomicInteger();
        java.util.stream.IntStream.range(0, logs.size()).parallel().forEach(i -> {
            Path file = logs.get(i);
            try {
                ParsedLog log = read(file);
                Grader grader = grader(parsed, course, log, file, parsers, withoutRoot, parsed.flag("self-test"), graders, brokenRubrics);
                Grade grade = grader.grade(log);
                Integrity.of(log, grader.rubric().maxSpan(), parsers, grader).forEach(grade::flag);
                grader.forget(log);
                results.set(i, new Graded(grade, file, roster.entry(file, log.student()).orElse(Map.of())));
            } catch (Ungradable e) {
                failures.set(i, e.getMessage());
            }
            progress.tick(done.incrementAndGet());
        });
        progress.clear();
        for (int i = 0; i < logs.size(); i++) {
            if (results.get(i) != null) {
                graded.add(results.get(i));
            } else {
                ungradable.add(failures.get(i));
            }
        }
        brokenRubrics.forEach(err::println);
        List<Grade> grades = graded.stream().map(Graded::grade).toList();
        Integrity.identical(grades, examples(course, logs));

        // Report.
        if (parsed.flag("json")) {
            out.println(Exports.json(graded));
        } else {
            for (Grade grade : grades) {
                out.print(Report.log(grade));
            }
            var byRubric = new java.util.LinkedHashMap<String, List<Grade>>();
            grades.forEach(g -> byRubric.computeIfAbsent(g.rubric().name(), k -> new ArrayList<>()).add(g));
            for (List<Grade> same : byRubric.values()) {
                if (same.size() > 1) {
                    out.println();
                    out.print(Report.classTable(same));
                }
            }
        }
        if (parsed.text("csv", null) != null) {
            Exports.csv(graded, format, Path.of(parsed.text("csv", null)));
        }
        if (parsed.text("feedback", null) != null) {
            Exports.feedback(graded, Path.of(parsed.text("feedback", null)));
        }
        if (parsed.text("gradescope", null) != null) {
            Exports.gradescope(graded, Path.of(parsed.text("gradescope", null)));
        }
        ungradable.forEach(u -> err.println("lab grade: " + u));

        // The checks' requirements.
        boolean met = ungradable.isEmpty();
        if (parsed.flag("require-full")) {
            for (Grade grade : grades) {
                for (Outcome miss : grade.misses()) {
                    err.println("lab grade: " + grade.log().name() + ": " + Report.line(grade, miss));
                    met = false;
                }
            }
        }
        if (parsed.text("expect-miss", null) != null) {
            met &= expectMisses(parsed.text("expect-miss", null), graded, err);
        }
        if (parsed.flag("self-test")) {
            for (Graded g : graded) {
                Grader grader = graders.get(g.grade().rubric().name());
                for (SelfTest.Line line : SelfTest.run(grader, g.grade())) {
                    out.println((graded.size() > 1 ? g.grade().log().name() + ": " : "") + line.text());
                    met &= line.passed();
                }
            }
        }
        return met ? 0 : 1;
    }

    /** The student as the log names them, else its file name. */
    static String student(Grade grade) {
        if (!grade.log().student().isBlank()) {
            return grade.log().student();
        }
        // A log is <you>-NN.md: without a name in it, the student is the file's name without the
        // lab's number, so that one student's logs of several labs make one gradebook row.
        String name = Path.of(grade.log().name()).getFileName().toString();
        String stem = name.endsWith(".md") ? name.substring(0, name.length() - 3) : name;
        return stem.matches(".+-\\d{2}") ? stem.substring(0, stem.length() - 3) : stem;
    }

    /** A failure to grade one log, named with why. */
    private static final class Ungradable extends Exception {
        Ungradable(String message) {
            super(message, null, false, false);
        }
    }

    private static ParsedLog read(Path file) throws Ungradable {
        try {
            if (Files.size(file) > MAX_LOG_BYTES) {
                throw new Ungradable(file + ":1: " + Files.size(file) / (1 << 20) + " MB is more than any lab log holds (limit "
                        + (MAX_LOG_BYTES >> 20) + " MB): was a command's endless output recorded?");
            }
            return LogParser.read(file, file.toString());
        } catch (NoSuchFileException e) {
            throw new Ungradable(file + ": no such file");
        } catch (IOException e) {
            throw new Ungradable(file + ": cannot read it: " + e.getMessage());
        } catch (UnreadableLogException e) {
            throw new Ungradable(e.getMessage());
        }
    }

    private static Grader grader(Cli.Parsed parsed, Optional<Course> course, ParsedLog log, Path file, Parsers parsers,
                                 boolean withoutRoot, boolean selfTest, Map<String, Grader> graders, Set<String> brokenRubrics)
            throws Ungradable {
        Path rubric = rubricOf(parsed, course, log, file);
        String name = display(rubric);
        synchronized (graders) {
            Grader grader = graders.get(name);
            if (grader == null) {
                try {
                    grader = new Grader(RubricReader.read(rubric, name, parsers), parsers, withoutRoot, selfTest);
                } catch (RubricException e) {
                    brokenRubrics.addAll(e.problems());
                    throw new Ungradable(file + ": its rubric " + name + " has errors (above)");
                }
                graders.put(name, grader);
            }
            return grader;
        }
    }

    private static Path rubricOf(Cli.Parsed parsed, Optional<Course> course, ParsedLog log, Path file) throws Ungradable {
        if (parsed.text("rubric", null) != null) {
            Path rubric = Path.of(parsed.text("rubric", null));
            if (!Files.isRegularFile(rubric)) {
                throw new UsageException("--rubric: no file " + rubric);
            }
            return rubric;
        }
        String lab = parsed.text("lab", null);
        Optional<String> fromLog = lab != null ? Optional.of(lab) : Course.labOf(log, file);
        if (fromLog.isPresent() && course.isPresent()) {
            Optional<Path> rubric = course.get().rubric(fromLog.get());
            if (rubric.isPresent()) {
                return rubric.get();
            }
            if (lab != null) {
                throw new UsageException("--lab " + lab + ": no labs/" + lab + "*/rubric.yaml in " + course.get().root());
            }
        }
        Path beside = file.toAbsolutePath().getParent().resolve("rubric.yaml");
        if (Files.isRegularFile(beside)) {
            return beside;
        }
        throw new Ungradable(file + ": which lab is it? " + fromLog.map(l -> "it says lab " + l + ", which has no rubric; ")
                .orElse("it has no Lab: line, no lab in its title and no -NN in its name; ")
                + "use --lab NN or --rubric FILE");
    }

    private static String display(Path path) {
        Path here = Path.of("").toAbsolutePath();
        Path absolute = path.toAbsolutePath().normalize();
        return absolute.startsWith(here) ? here.relativize(absolute).toString() : path.toString();
    }

    /** The logs named, a README (the folder's own description) left out. */
    private static List<Path> logFiles(List<String> files, PrintStream err) {
        var logs = new ArrayList<Path>();
        for (String name : files) {
            Path file = Path.of(name);
            if (file.getFileName().toString().equalsIgnoreCase("README.md") && files.size() > 1) {
                err.println("lab grade: " + name + ": skipped (a README, not a lab log)");
                continue;
            }
            logs.add(file);
        }
        return logs;
    }

    private static List<ParsedLog> examples(Optional<Course> course, List<Path> graded) {
        if (course.isEmpty()) {
            return List.of();
        }
        var examples = new ArrayList<ParsedLog>();
        Set<Path> gradedPaths = new LinkedHashSet<>(graded.stream().map(p -> p.toAbsolutePath().normalize()).toList());
        for (Path example : course.get().examples()) {
            if (gradedPaths.contains(example.toAbsolutePath().normalize())) {
                continue;
            }
            try {
                examples.add(LogParser.read(example, display(example)));
            } catch (IOException | UnreadableLogException e) {
                // An unreadable example copies nothing.
            }
        }
        return examples;
    }

    private static boolean expectMisses(String list, List<Graded> graded, PrintStream err) {
        Set<String> expected = new LinkedHashSet<>(Arrays.stream(list.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList());
        boolean met = true;
        for (Graded g : graded) {
            Grade grade = g.grade();
            for (String id : expected) {
                if (grade.rubric().rule(id).isEmpty()) {
                    throw new UsageException("--expect-miss: " + grade.rubric().name() + " has no rule '" + id + "'");
                }
            }
            Set<String> missed = new LinkedHashSet<>(grade.misses().stream().map(o -> o.rule().id()).toList());
            if (!missed.equals(expected)) {
                var unexpected = missed.stream().filter(m -> !expected.contains(m)).toList();
                var scored = expected.stream().filter(e -> !missed.contains(e)).toList();
                err.println("lab grade: " + grade.log().name() + ": expected exactly " + String.join(", ", expected) + " to miss"
                        + (scored.isEmpty() ? "" : "; these scored: " + String.join(", ", scored))
                        + (unexpected.isEmpty() ? "" : "; these missed too: " + String.join(", ", unexpected)));
                met = false;
            }
        }
        return met;
    }

    private static int checkRubrics(List<String> files, Parsers parsers, PrintStream out, PrintStream err) {
        if (files.isEmpty()) {
            throw new UsageException("--check-rubric takes rubric files: ./lab grade --check-rubric labs/*/rubric.yaml");
        }
        boolean ok = true;
        for (String name : files) {
            try {
                Rubric rubric = RubricReader.read(Path.of(name), name, parsers);
                long automatic = rubric.rules().stream().filter(Rubric.Rule::automatic).count();
                double points = rubric.rules().stream().mapToDouble(Rubric.Rule::points).sum();
                out.println("ok: " + name + " (" + rubric.lab() + ": " + automatic + " automatic rules, "
                        + (rubric.rules().size() - automatic) + " by hand, " + Grade.points(points) + " points)");
            } catch (RubricException e) {
                e.problems().forEach(err::println);
                ok = false;
            }
        }
        return ok ? 0 : 1;
    }

    private static Path existing(String name, String option) {
        Path file = Path.of(name);
        if (!Files.isRegularFile(file)) {
            throw new UsageException(option + ": no file " + name);
        }
        return file;
    }

    /** "graded 120/500" on standard error, rewritten in place, and only on a terminal. */
    private static final class Progress {
        private final PrintStream err;
        private final int total;
        private final boolean terminal;
        private volatile long shown;

        Progress(PrintStream err, int total) {
            this.err = err;
            this.total = total;
            this.terminal = err == System.err && System.console() != null && System.console().isTerminal() && total > 20;
        }

        void tick(int done) {
            long now = System.nanoTime();
            if (terminal && now - shown > 100_000_000L) {
                shown = now;
                synchronized (this) {
                    err.print("\rlab grade: graded " + done + "/" + total);
                    err.flush();
                }
            }
        }

        void clear() {
            if (terminal && shown != 0) {
                err.print("\r" + " ".repeat(40) + "\r");
                err.flush();
            }
        }
    }
}
