package echolab.toolkit.grade;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

import echolab.core.UsageException;

/**
 * The institution's identifiers for each student ({@code --roster CSV}): a header row with
 * {@code file} and/or {@code name}, and any of {@code id}, {@code sis_user_id}, {@code sis_login_id},
 * {@code section}, {@code email}, {@code username}, {@code idnumber}. A log is matched by its file
 * name, else by the student's name as the log gives it.
 */
final class Roster {
    private final List<Map<String, String>> entries;

    private Roster(List<Map<String, String>> entries) {
        this.entries = entries;
    }

    static Roster empty() {
        return new Roster(List.of());
    }

    static Roster read(Path file) throws IOException {
        var entries = new ArrayList<Map<String, String>>();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            var format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setIgnoreSurroundingSpaces(true)
                    .setTrim(true).get();
            var parser = format.parse(in);
            List<String> header = parser.getHeaderNames().stream().map(h -> h.toLowerCase(Locale.ROOT).replace(' ', '_')).toList();
            if (!header.contains("file") && !header.contains("name") && !header.contains("student")) {
                throw new UsageException("--roster: " + file + " needs a header row with a 'file' or 'name' column");
            }
            for (CSVRecord record : parser) {
                Map<String, String> entry = new LinkedHashMap<>();
                for (int i = 0; i < header.size() && i < record.size(); i++) {
                    entry.put(header.get(i).equals("student") ? "name" : header.get(i), record.get(i));
                }
                entries.add(entry);
            }
        } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
            throw new UsageException("--roster: " + file + " is not a CSV file this can read: " + e.getMessage());
        }
        return new Roster(entries);
    }

    /** The roster's entry for a log, matched by file name, then by name. */
    Optional<Map<String, String>> entry(Path file, String student) {
        String fileName = file.getFileName().toString();
        for (Map<String, String> entry : entries) {
            String listed = entry.getOrDefault("file", "");
            if (!listed.isEmpty() && (listed.equals(fileName) || Path.of(listed).getFileName().toString().equals(fileName))) {
                return Optional.of(entry);
            }
        }
        for (Map<String, String> entry : entries) {
            if (!student.isEmpty() && entry.getOrDefault("name", "").equalsIgnoreCase(student.strip())) {
                return Optional.of(entry);
            }
        }
        return Optional.empty();
    }
}
