package echolab.toolkit.grade;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import echolab.toolkit.logs.ParsedLog;

/**
 * Where the course's files are: the checkout holding {@code labs/NN-topic/rubric.yaml} and
 * {@code lab-logs/} (its TEMPLATE.md and worked examples), found from the working directory,
 * from a log's folder, or from where this code runs.
 */
public final class Course {
    private static final Pattern LAB_ID = Pattern.compile("\\b(\\d{2})-[a-z][a-z0-9-]*\\b");
    private static final Pattern LAB_NUMBER = Pattern.compile("(?i)\\blab\\s+(\\d{1,2})\\b");
    private static final Pattern FILE_NUMBER = Pattern.compile(".*-(\\d{2})\\.md$");

    private final Path root;

    private Course(Path root) {
        this.root = root;
    }

    /** The checkout above any of {@code starts} (the working directory and this code's jar are always tried). */
    public static Optional<Course> find(List<Path> starts) {
        var candidates = new ArrayList<Path>(starts);
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

    /** Every lab's rubric, in lab order. */
    public List<Path> rubrics() {
        try (Stream<Path> dirs = Files.list(root.resolve("labs"))) {
            return dirs.filter(d -> d.getFileName().toString().matches("\\d{2}-.*")).map(d -> d.resolve("rubric.yaml"))
                    .filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** The rubric of lab {@code lab}: {@code 04}, {@code 4} or {@code 04-reaping}. */
    public Optional<Path> rubric(String lab) {
        String number = lab.matches("\\d") ? "0" + lab : lab.length() >= 2 ? lab.substring(0, 2) : lab;
        return rubrics().stream().filter(r -> {
            String dir = r.getParent().getFileName().toString();
            return dir.equals(lab) || dir.startsWith(number + "-") && (lab.length() <= 2 || dir.equals(lab));
        }).findFirst();
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
