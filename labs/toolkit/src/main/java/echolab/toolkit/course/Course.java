package echolab.toolkit.course;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import echolab.core.UsageException;

/**
 * The numbered labs of the course as they lie in {@code labs/}: a folder {@code NN-topic} each,
 * holding the student's {@code README.md}, the instructor's {@code rubric.yaml} and the
 * {@code check} that proves the lab works.
 */
public final class Course {
    private static final Pattern LAB_FOLDER = Pattern.compile("(\\d\\d)-[a-z0-9-]+");

    private Course() {
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
    }

    /**
     * The repository echolab runs from: {@code ECHOLAB_HOME}, which {@code ./lab} sets, else the
     * folder four levels above this class's jar ({@code labs/toolkit/target/lib}).
     */
    public static Path home() {
        String fromLauncher = System.getenv("ECHOLAB_HOME");
        if (fromLauncher != null && !fromLauncher.isBlank()) {
            return Path.of(fromLauncher);
        }
        try {
            Path jar = Path.of(Course.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            for (Path dir = jar; dir != null; dir = dir.getParent()) {
                if (Files.isExecutable(dir.resolve("lab")) && Files.isDirectory(dir.resolve("labs"))) {
                    return dir;
                }
            }
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        return Path.of("").toAbsolutePath();
    }

    /** Every lab folder under {@code home/labs}, in course order. */
    public static List<LabFolder> labs(Path home) {
        Path labs = home.resolve("labs");
        if (!Files.isDirectory(labs)) {
            return List.of();
        }
        try (var entries = Files.list(labs)) {
            return entries.filter(Files::isDirectory)
                    .filter(dir -> LAB_FOLDER.matcher(dir.getFileName().toString()).matches())
                    .map(dir -> new LabFolder(dir.getFileName().toString(), dir))
                    .sorted(java.util.Comparator.comparing(LabFolder::name))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The lab a user names by number ({@code 4}, {@code 04}) or by folder name ({@code 04-reaping}). */
    public static Optional<LabFolder> find(Path home, String name) {
        String wanted = name.matches("\\d") ? "0" + name : name;
        return labs(home).stream()
                .filter(lab -> lab.name().equals(wanted) || lab.number().equals(wanted))
                .findFirst();
    }

    /** Like {@link #find}, or a usage error naming the labs there are. */
    public static LabFolder require(Path home, String name) {
        List<String> names = labs(home).stream().map(LabFolder::name).toList();
        return find(home, name).orElseThrow(() -> new UsageException(names.isEmpty()
                ? "there are no labs under " + home.resolve("labs")
                : "no lab '" + name + "'; the labs are " + String.join(", ", names)));
    }
}
