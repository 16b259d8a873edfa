package echolab.toolkit.course;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

import echolab.core.Cli;
import echolab.core.UsageException;
import echolab.toolkit.Privileges;
import echolab.toolkit.evidence.Parsers;
import echolab.toolkit.grade.Rubric;
import echolab.toolkit.grade.RubricException;
import echolab.toolkit.grade.RubricReader;

/**
 * {@code ./lab labs}: the course at a glance, read from the labs' rubrics (title, model,
 * minutes, the labs that come first), and whether this machine can run all of each lab: the
 * tools it needs on the PATH, and root for the steps that capture packets or make namespaces.
 */
public final class Labs {
    /** The Debian package of each tool a rubric may name under {@code needs}. */
    static final Map<String, String> PACKAGES = new LinkedHashMap<>();

    static {
        PACKAGES.put("nc", "netcat-openbsd");
        PACKAGES.put("socat", "socat");
        PACKAGES.put("tcpdump", "tcpdump");
        PACKAGES.put("tshark", "tshark");
        PACKAGES.put("strace", "strace");
        PACKAGES.put("netstat", "net-tools");
        PACKAGES.put("ps", "procps");
        PACKAGES.put("ss", "iproute2");
        PACKAGES.put("ip", "iproute2");
        PACKAGES.put("telnet", "telnet");
        PACKAGES.put("python3", "python3");
        PACKAGES.put("gcc", "gcc");
    }

    private Labs() {
    }

    public static void main(String[] args) {
        Cli.run("labs", args, arguments -> {
            var parsed = new Cli("labs", "[options]",
                    "List the course's labs: number, title, model, minutes, the labs to do first, and whether this"
                            + " machine can run all of each (tools installed, root for the steps that need it).")
                    .parse(arguments);
            if (!parsed.arguments().isEmpty()) {
                throw new UsageException("unexpected argument '" + parsed.arguments().getFirst() + "'");
            }
            Course course = Course.here();
            System.out.print(table(course, Privileges.root(), echolab.core.Executables::onPath));
        });
    }

    /** The table {@code ./lab labs} prints, for a machine with or without root and these tools. */
    static String table(Course course, boolean root, Predicate<String> installed) {
        var rows = new ArrayList<List<String>>();
        rows.add(List.of("lab", "title", "model", "min", "first", "on this machine"));
        int minutes = 0;
        var problems = new ArrayList<String>();
        for (Course.LabFolder lab : course.labs()) {
            Rubric rubric;
            try {
                rubric = RubricReader.read(lab.rubric(), course.root().relativize(lab.rubric()).toString(), Parsers.standard());
            } catch (RubricException e) {
                rows.add(List.of(lab.name(), "(rubric has errors: ./lab grade --check-rubric " + lab.rubric() + ")", "", "", "", ""));
                problems.addAll(e.problems());
                continue;
            }
            minutes += rubric.minutes() == null ? 0 : rubric.minutes();
            rows.add(List.of(lab.name(), rubric.title(), rubric.model() == null ? "" : rubric.model(),
                    rubric.minutes() == null ? "" : rubric.minutes().toString(),
                    String.join(",", rubric.requires().stream().map(r -> r.length() > 2 ? r.substring(0, 2) : r).toList()),
                    readiness(rubric.needs(), root, installed)));
        }
        var text = new StringBuilder(render(rows));
        text.append(String.format(Locale.ROOT, "%d labs, about %d h %02d min in all. Start with labs/01-first-contact/README.md;"
                + " ./lab check NN proves a lab works here.%n", rows.size() - 1, minutes / 60, minutes % 60));
        problems.forEach(p -> text.append(p).append('\n'));
        return text.toString();
    }

    /** "ready", or what is missing and how to get it. */
    static String readiness(List<String> needs, boolean root, Predicate<String> installed) {
        var missing = new ArrayList<String>();
        var packages = new ArrayList<String>();
        for (String need : needs) {
            if (need.equals("root")) {
                continue;
            }
            if (!installed.test(need)) {
                missing.add(need);
                String pkg = PACKAGES.getOrDefault(need, need);
                if (!packages.contains(pkg)) {
                    packages.add(pkg);
                }
            }
        }
        var said = new ArrayList<String>();
        if (!missing.isEmpty()) {
            said.add("missing " + String.join(", ", missing) + ": apt-get install " + String.join(" ", packages));
        }
        if (needs.contains("root") && !root) {
            said.add("root-only steps will be skipped (run as root for all of it)");
        }
        return said.isEmpty() ? "ready" : String.join("; ", said);
    }

    private static String render(List<List<String>> rows) {
        int columns = rows.getFirst().size();
        int[] widths = new int[columns];
        for (List<String> row : rows) {
            for (int i = 0; i < columns - 1; i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        var text = new StringBuilder();
        for (List<String> row : rows) {
            var line = new StringBuilder();
            for (int i = 0; i < columns; i++) {
                line.append(i < columns - 1 ? String.format("%-" + widths[i] + "s  ", row.get(i)) : row.get(i));
            }
            text.append(line.toString().stripTrailing()).append('\n');
        }
        return text.toString();
    }
}
