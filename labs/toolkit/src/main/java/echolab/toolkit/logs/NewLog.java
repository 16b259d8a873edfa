package echolab.toolkit.logs;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import echolab.toolkit.course.Course;
import echolab.toolkit.evidence.Parsers;
import echolab.toolkit.grade.Rubric;
import echolab.toolkit.grade.RubricException;
import echolab.toolkit.grade.RubricReader;

/**
 * A new lab log, made from {@code lab-logs/TEMPLATE.md}: the header filled in (the lab's title,
 * {@code Lab: NN-topic}, today's date, this machine: host, kernel, JDK) and, when the lab's rubric
 * is found, its questions under the Answers section as {@code ### } headings, so that the grader
 * finds each answer under its own question.
 */
final class NewLog {
    private static final String FALLBACK = """
            # <Lab title> — lab log

            Name: <your name>     Date: <YYYY-MM-DD>     Machine: <host, kernel (uname -r), JDK (java -version)>

            ## 1. Setup

            ## 2. Observations

            ## 3. Answers

            ## 4. What surprised you
            """;

    private NewLog() {
    }

    /**
     * Writes the new log {@code file} for {@code lab} (from --lab or the file name), unless another
     * recorder has written it first; returns a line saying what it did, or empty when the log was
     * there already. The terminals of a lab often start recording into one new log at the same
     * moment: the template is written under the log's file lock, the one {@link LabLog} takes, and
     * only into an empty file, so that no recorder writes it over blocks another has added.
     */
    static Optional<String> create(Path file, Optional<String> lab) throws IOException {
        Path folder = file.toAbsolutePath().getParent();
        Optional<Course> course = Course.find(List.of(folder));
        String template = course.flatMap(Course::template).map(NewLog::read).orElse(FALLBACK);
        Optional<String> labId = lab.or(() -> Course.labOf(emptyLog(), file));
        Rubric rubric = null;
        boolean unknownLab = false;
        if (labId.isPresent() && course.isPresent()) {
            Optional<Path> rubricFile = course.get().rubric(labId.get());
            unknownLab = rubricFile.isEmpty();
            if (rubricFile.isPresent()) {
                try {
                    rubric = RubricReader.read(rubricFile.get(), rubricFile.get().toString(), Parsers.standard());
                } catch (RubricException e) {
                    System.err.println("lab record: the lab's rubric has errors; the log starts without its questions:");
                    e.problems().forEach(p -> System.err.println("  " + p));
                }
            }
        }
        Files.createDirectories(folder);
        byte[] text = fill(template, rubric, labId.orElse(null)).getBytes(StandardCharsets.UTF_8);
        boolean written = LabLog.locked(file, channel -> {
            if (channel.size() > 0) {
                return false;
            }
            ByteBuffer out = ByteBuffer.wrap(text);
            while (out.hasRemaining()) {
                channel.write(out);
            }
            channel.force(false);
            return true;
        });
        if (!written) {
            return Optional.empty();
        }
        giveToTheSudoUser(file);
        // A typo in the lab's number (me-1O.md, me-99.md) would otherwise leave the log without its questions unnoticed.
        String forLab = rubric != null ? " for lab " + rubric.lab() + ", its questions under Answers"
                : unknownLab ? "; the course has no lab " + labId.get() + ", so no questions are in it (./lab labs lists the labs;"
                        + " --lab NN names one)" : "";
        return Optional.of("(lab record: started " + file + " from TEMPLATE.md" + forLab + ")");
    }

    /**
     * A log started by {@code sudo -E ./lab record} (the lab's tcpdump terminal) belongs to the
     * student who ran sudo, not to root: otherwise the student's own terminals, started after it,
     * could not write their blocks into it.
     */
    private static void giveToTheSudoUser(Path file) throws IOException {
        String uid = System.getenv("SUDO_UID");
        String gid = System.getenv("SUDO_GID");
        if (uid == null || gid == null || !uid.matches("\\d+") || !gid.matches("\\d+") || !"root".equals(System.getProperty("user.name"))) {
            return;
        }
        Files.setAttribute(file, "unix:uid", Integer.parseInt(uid));
        Files.setAttribute(file, "unix:gid", Integer.parseInt(gid));
    }

    static String fill(String template, Rubric rubric, String lab) {
        String title = rubric != null && !rubric.title().isEmpty() ? rubric.title() : lab != null ? "Lab " + lab : null;
        String text = template;
        if (title != null) {
            text = text.replace("<Lab title>", title);
        }
        text = text.replace("<YYYY-MM-DD>", LocalDate.now().toString())
                .replaceFirst("<host, kernel[^>]*>", java.util.regex.Matcher.quoteReplacement(machine()));
        String labLine = rubric != null ? rubric.lab() : lab;
        if (labLine != null) {
            text = text.replaceFirst("(?m)^(Name: .*)$", "$1\n\nLab: " + java.util.regex.Matcher.quoteReplacement(labLine));
        }
        // The template's example block shows the format; the recorded blocks take its place.
        text = text.replaceFirst("(?s)\\n```txt\\n\\[YYYY-MM-DD, HH:MM:SS] <command>\\n<its output>\\n```\\n", "");
        if (rubric != null) {
            var questions = new StringBuilder();
            for (Rubric.Rule rule : rubric.rules()) {
                if (!rule.automatic()) {
                    questions.append("### ").append(rule.manual()).append("\n\n\n");
                }
            }
            text = underAnswers(text, questions.toString());
        }
        return text;
    }

    /** {@code text} with {@code questions} at the end of its Answers section (before the next {@code ## } heading). */
    private static String underAnswers(String text, String questions) {
        if (questions.isEmpty()) {
            return text;
        }
        var lines = new java.util.ArrayList<>(List.of(text.split("\n", -1)));
        int answers = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (answers < 0 && lines.get(i).matches("##\\s+.*\\b[Aa]nswers?\\b.*")) {
                answers = i;
            } else if (answers >= 0 && lines.get(i).startsWith("## ")) {
                lines.add(i, questions.stripTrailing() + "\n");
                return String.join("\n", lines);
            }
        }
        return answers < 0 ? text + "\n## 3. Answers\n\n" + questions : text.stripTrailing() + "\n\n" + questions;
    }

    private static String machine() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = System.getenv().getOrDefault("HOSTNAME", "unknown host");
        }
        return host + ", Linux " + System.getProperty("os.version") + ", " + System.getProperty("java.vm.vendor", "JDK")
                + " " + Runtime.version();
    }

    private static String read(Path template) {
        try {
            return Files.readString(template, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return FALLBACK;
        }
    }

    private static ParsedLog emptyLog() {
        return new ParsedLog("", "", "", "", "", "", List.of(), List.of(), List.of(), 0);
    }
}
