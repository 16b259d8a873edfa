package echolab.toolkit.course;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import echolab.core.UsageException;
import echolab.toolkit.logs.ParsedLog;

/**
 * The course as it lies in a checkout: the numbered labs in {@code labs/}, a folder
 * {@code NN-topic} each (the student's {@code README.md}, the instructor's {@code rubric.yaml},
 * the {@code check} that proves the lab works), and {@code lab-logs/} with the log template and
 * the worked examples.
 */
public final class Course {
    private static final Pattern LAB_FOLDER = Pattern.compile("(\\d\\d)-[a-z0-9-]+");
    private static final Pattern LAB_ID = Pattern.compile("\\b(\\d{2})-[a-z][a-z0-9-]*\\b");
    private static final Pattern LAB_NUMBER = Pattern.compile("(?i)\\blab\\s+(\\d{1,2})\\b");
    private static final Pattern FILE_NUMBER = Pattern.compile(".*-(\\d{2})\\.md$");

    private final Path root;

    private Course(Path root) {
        this.root = root;
    }

    /** One lab's folder. */
    public record LabFolder(String name, Path dir) {
        /** {@code 04} of {@code 04-reaping}. */
        public String number() {
            return name.substring(0, 2);
        }

        public Path readme() {
            return dir.resolve("README.md");
        }

        public Path rubric() {
            return dir.resolve("rubric.yaml");
        }

        public Path check() {
            return dir.resolve("check");
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /**
     * The checkout: {@code ECHOLAB_HOME} (which {@code ./lab} sets), else the first folder holding
     * {@code labs/} and {@code lab-logs/} above any of {@code starts}, the working directory, or
     * the jar this code runs from.
     */
    public static Optional<Course> find(List<Path> starts) {
        var candidates = new ArrayList<Path>();
        String fromLauncher = System.getenv("ECHOLAB_HOME");
        if (fromLauncher != null && !fromLauncher.isBlank()) {
            candidates.add(Path.of(fromLauncher));
        }
        candidates.addAll(starts);
        candidates.add(Path.of("").toAbsolutePath());
        try {
            candidates.add(Path.of(Course.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
        } catch (URISyntaxException | SecurityException | NullPointerException unknown) {
            // Only the other places, then.
        }
        for (Path start : candidates) {
            for (Path dir = start.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
                if (Files.isDirectory(dir.resolve("labs")) && Files.isDirectory(dir.resolve("lab-logs"))) {
                    return Optional.of(new Course(dir));
                }
            }
        }
        return Optional.empty();
    }

    /** The course laid out in {@code root}. */
    public static Course at(Path root) {
        return new Course(root);
    }

    /** The checkout this command runs from, or a usage error saying there is none. */
    public static Course here() {
        return find(List.of()).orElseThrow(() -> new UsageException(
                "no echolab checkout here (a folder with labs/ and lab-logs/): run ./lab from one"));
    }

    public Path root() {
        return root;
    }

    public Optional<Path> template() {
        Path template = root.resolve("lab-logs/TEMPLATE.md");
        return Files.isRegularFile(template) ? Optional.of(template) : Optional.empty();
    }

    /** The worked examples ({@code lab-logs/example*.md}): evidence copied from them is flagged. */
    public List<Path> examples() {
        try (Stream<Path> files = Files.list(root.resolve("lab-logs"))) {
            return files.filter(f -> f.getFileName().toString().matches("example.*\\.md")).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** Every lab folder, in course order. */
    public List<LabFolder> labs() {
        try (Stream<Path> entries = Files.list(root.resolve("labs"))) {
            return entries.filter(Files::isDirectory)
                    .filter(dir -> LAB_FOLDER.matcher(dir.getFileName().toString()).matches())
                    .map(dir -> new LabFolder(dir.getFileName().toString(), dir))
                    .sorted(Comparator.comparing(LabFolder::name))
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** The lab named by number ({@code 4}, {@code 04}) or by folder ({@code 04-reaping}). */
    public Optional<LabFolder> lab(String name) {
        String wanted = name.matches("\\d") ? "0" + name : name;
        return labs().stream().filter(lab -> lab.name().equals(wanted) || lab.number().equals(wanted)).findFirst();
    }

    /** Like {@link #lab}, or a usage error naming the labs there are. */
    public LabFolder requireLab(String name) {
        List<String> names = labs().stream().map(LabFolder::name).toList();
        return lab(name).orElseThrow(() -> new UsageException(names.isEmpty()
                ? "there are no labs under " + root.resolve("labs")
                : "no lab '" + name + "'; the labs are " + String.join(", ", names)));
    }

    /** Every lab's rubric, in lab order. */
    public List<Path> rubrics() {
        return labs().stream().map(LabFolder::rubric).filter(Files::isRegularFile).toList();
    }

    /** The rubric of lab {@code lab}: {@code 04}, {@code 4} or {@code 04-reaping}. */
    public Optional<Path> rubric(String lab) {
        return lab(lab).map(LabFolder::rubric).filter(Files::isRegularFile);
    }

    /**
     * The lab a log is for (C7): its {@code Lab:} line or title, else its file name
     * ({@code <you>-NN.md}); empty when neither says.
     */
    public static Optional<String> labOf(ParsedLog log, Path file) {
        for (String text : List.of(log.lab(), log.title())) {
            Matcher id = LAB_ID.matcher(text);
            if (id.find()) {
                return Optional.of(id.group());
            }
            Matcher number = LAB_NUMBER.matcher(text);
            if (number.find()) {
                return Optional.of(String.format(Locale.ROOT, "%02d", Integer.parseInt(number.group(1))));
            }
            if (text.matches("\\d{1,2}")) {
                return Optional.of(String.format(Locale.ROOT, "%02d", Integer.parseInt(text)));
            }
        }
        Matcher fromName = FILE_NUMBER.matcher(file.getFileName().toString());
        return fromName.matches() ? Optional.of(fromName.group(1)) : Optional.empty();
    }
}
