package echolab.toolkit.grade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** {@code lab grade} on logs made here: exports, manual answers, root, rubric errors and bad input. */
class GradingTest {
    private static final String RUBRIC = """
            lab: 98-small
            title: A small lab
            rules:
              - id: server-up
                points: 2
                evidence: the server listening
                command: 'lab server'
                capture: 'pid=(?<pid>\\d+)'
              - id: zombies-seen
                points: 3
                evidence: ps showing Z children of $pid
                command: '^ps\\b'
                fact: 'ps(ppid == $pid, stat ~ "^Z") >= 1'
                hint: 'after a client types exit: ps --ppid $pid -o pid,ppid,stat,cmd'
              - id: handshake
                points: 1
                evidence: tcpdump showing a handshake
                command: 'tcpdump'
                output: 'Flags \\[S\\]'
                optional_without_root: true
              - id: why-zombies
                points: 2
                manual: 'Why do no zombies appear with the default launcher?'
            """;
    private static final String SERVER = block("2026-12-01, 10:00:00", "./lab server process --launcher native --no-reap",
            "listening on 127.0.0.1:8990 (server=process pid=41207)", "2026-12-01, 10:05:00");
    private static final String ZOMBIES = block("2026-12-01, 10:01:00", "ps --ppid 41207 -o pid,ppid,stat,cmd",
            "  PID  PPID STAT CMD\n41300 41207 Z    [java] <defunct>", "2026-12-01, 10:01:00");
    private static final String REFUSED = block("2026-12-01, 10:02:00", "tcpdump -l -i lo port 8990",
            "tcpdump: lo: You don't have permission to perform this capture on that device", "2026-12-01, 10:02:00, exit status 1");

    @TempDir
    Path dir;

    private static String block(String start, String command, String output, String end) {
        return "```txt\n[" + start + "] " + command + "\n" + output + "\n[ended " + end + "]\n```\n\n";
    }

    private Path log(String name, String student, String... blocks) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, "# A small lab — lab log\n\nName: " + student + "     Date: 2026-12-01\n\n## 2. Observations\n\n"
                + String.join("", blocks) + "## 3. Answers\n\n### Why do zombies not appear with the default launcher?\n"
                + "The JDK's process reaper thread waits for each child.\n");
        return file;
    }

    private Path rubric() throws IOException {
        Path file = dir.resolve("rubric.yaml");
        Files.writeString(file, RUBRIC);
        return file;
    }

    @Test
    void aMissNamesTheLogsOwnValuesAndTheHintAndTheManualAnswerIsFoundDespiteEdits() throws IOException {
        Path ana = log("ana-98.md", "Ana", SERVER);
        GradeRunner result = GradeRunner.grade(ana.toString(), "--rubric", rubric().toString());
        assertEquals(0, result.status(), result.toString());
        assertTrue(result.out().contains("zombies-seen 0/3: not shown: ps showing Z children of 41207 (no block's command matches /^ps\\b/);"
                + " hint: after a client types exit: ps --ppid 41207 -o pid,ppid,stat,cmd"), result.out());
        assertTrue(result.out().contains("why-zombies _/2 by hand: \"Why do no zombies appear with the default launcher?\" (line "),
                result.out());
        assertTrue(result.out().contains("The JDK's process reaper thread waits for each child."), result.out());
        GradeRunner noServer = GradeRunner.grade(log("bo-98.md", "Bo", ZOMBIES).toString(), "--rubric", rubric().toString());
        assertTrue(noServer.out().contains("zombies-seen 0/3: not tried: ps showing Z children of $pid (needs $pid from server-up,"
                + " which has no evidence)"), noServer.out());
    }

    @Test
    void aRuleNeedingRootIsExcusedWhenTheLogShowsTheRefusalOrWithoutRoot() throws IOException {
        GradeRunner refused = GradeRunner.grade(log("cy-98.md", "Cy", SERVER, ZOMBIES, REFUSED).toString(), "--rubric",
                rubric().toString(), "--require-full");
        assertEquals(0, refused.status(), refused.toString());
        assertTrue(refused.out().contains("Cy — 98-small: 5/5") && refused.out().contains("handshake excused: needs root, excused (line "),
                refused.out());
        GradeRunner noRoot = GradeRunner.grade(log("di-98.md", "Di", SERVER, ZOMBIES).toString(), "--rubric", rubric().toString(),
                "--without-root");
        assertTrue(noRoot.out().contains("handshake excused: needs root, excused (--without-root) (not counted)"), noRoot.out());
        GradeRunner required = GradeRunner.grade(log("ed-98.md", "Ed", SERVER, ZOMBIES).toString(), "--rubric", rubric().toString(),
                "--require-full");
        assertEquals(1, required.status());
        assertTrue(required.err().contains("ed-98.md: handshake 0/1: not shown: tcpdump showing a handshake"), required.err());
    }

    @Test
    void canvasMoodleAndPlainCsvsParseBackWithTheColumnsTheirImportsNeed() throws IOException {
        Path ana = log("ana-98.md", "Ana Student", SERVER, ZOMBIES);
        Path bo = log("bo-98.md", "Bo Other", SERVER);
        Path roster = dir.resolve("roster.csv");
        Files.writeString(roster, "file,name,id,sis_user_id,sis_login_id,section,email\n"
                + "ana-98.md,\"Student, Ana\",101,S101,ana,A,ana@uni.example\nbo-98.md,\"Other, Bo\",102,S102,bo,B,bo@uni.example\n");
        Path canvas = dir.resolve("canvas.csv");
        Path moodle = dir.resolve("moodle.csv");
        Path plain = dir.resolve("plain.csv");
        for (var export : List.of(List.of("canvas", canvas), List.of("moodle", moodle), List.of("plain", plain))) {
            GradeRunner result = GradeRunner.grade(ana.toString(), bo.toString(), "--rubric", rubric().toString(), "--roster",
                    roster.toString(), "--csv", export.get(1).toString(), "--format", (String) export.get(0));
            assertEquals(0, result.status(), result.toString());
        }
        List<CSVRecord> rows = read(canvas);
        assertEquals(List.of("Student", "ID", "SIS User ID", "SIS Login ID", "Section", "Lab 98-small: A small lab"),
                rows.getFirst().toList());
        assertEquals("    Points Possible", rows.get(1).get(0));
        assertEquals("8", rows.get(1).get(5), "5 automatic + 1 optional + 2 by hand: the instructor adds the answers' points");
        assertEquals(List.of("Student, Ana", "101", "S101", "ana", "A", "5"), rows.get(2).toList());
        assertEquals(List.of("Other, Bo", "102", "S102", "bo", "B", "2"), rows.get(3).toList());
        // Without root the handshake rule is excused: scored out of 5, each log is scaled to the 6
        // automatic points every student's column holds, so the excused rule costs nothing.
        Path excused = dir.resolve("excused.csv");
        GradeRunner withoutRoot = GradeRunner.grade(ana.toString(), bo.toString(), "--rubric", rubric().toString(), "--roster",
                roster.toString(), "--csv", excused.toString(), "--format", "canvas", "--without-root");
        assertEquals(0, withoutRoot.status(), withoutRoot.toString());
        assertEquals("6", read(excused).get(2).get(5), "Ana: 5 of 5 counted, 6 on the gradebook's scale");
        assertEquals("2.4", read(excused).get(3).get(5), "Bo: 2 of 5 counted, 2.4 of 6");
        List<CSVRecord> moodleRows = read(moodle);
        assertEquals(List.of("Email address", "Lab 98-small: A small lab", "Lab 98-small: A small lab (feedback)"),
                moodleRows.getFirst().toList());
        assertEquals("bo@uni.example", moodleRows.get(2).get(0));
        assertEquals("2", moodleRows.get(2).get(1));
        assertTrue(moodleRows.get(2).get(2).contains("missing: zombies-seen, handshake"), moodleRows.get(2).get(2));
        List<CSVRecord> plainRows = read(plain);
        assertEquals(List.of("file", "student", "id", "lab", "score", "max_score", "manual_points", "flags", "server-up",
                "zombies-seen", "handshake", "why-zombies"), plainRows.getFirst().toList());
        assertEquals("3", plainRows.get(1).get(9));
        assertTrue(Files.readString(canvas, StandardCharsets.UTF_8).startsWith("\"Student\",\"ID\""), "every field quoted");
    }

    @Test
    void gradescopeShowsIntegrityFlagsToTheInstructorOnly() throws IOException {
        Path ana = log("ana-98.md", "Ana", SERVER);
        Path copy = log("bo-98.md", "Bo", SERVER);
        Path results = dir.resolve("flagged");
        GradeRunner graded = GradeRunner.grade(ana.toString(), copy.toString(), "--rubric", rubric().toString(),
                "--gradescope", results.toString());
        assertEquals(0, graded.status(), graded.toString());
        JsonNode bo = new ObjectMapper().readTree(results.resolve("bo").resolve("results.json").toFile());
        assertFalse(bo.get("output").asText().contains("flag"), "nothing of the flags where the student reads: " + bo);
        JsonNode flags = bo.get("tests").get(bo.get("tests").size() - 1);
        assertEquals("hidden", flags.get("visibility").asText(), flags.toString());
        assertEquals(0.0, flags.get("max_score").asDouble());
        assertTrue(flags.get("output").asText().contains("identical evidence"), flags.toString());
        assertEquals(bo.get("max_score").asDouble(), 6.0, "a flag costs no points");
    }

    @Test
    void gradescopeResultsJsonFeedbackAndJsonHaveTheirFields() throws IOException {
        Path ana = log("ana-98.md", "Ana", SERVER);
        Path results = dir.resolve("results");
        Path feedback = dir.resolve("feedback");
        GradeRunner json = GradeRunner.grade(ana.toString(), "--rubric", rubric().toString(), "--json", "--gradescope",
                results.toString(), "--feedback", feedback.toString());
        assertEquals(0, json.status(), json.toString());
        var mapper = new ObjectMapper();
        JsonNode gradescope = mapper.readTree(results.resolve("results.json").toFile());
        assertEquals(2.0, gradescope.get("score").asDouble());
        assertEquals(6.0, gradescope.get("max_score").asDouble());
        JsonNode test = gradescope.get("tests").get(1);
        for (String field : List.of("name", "score", "max_score", "status", "output")) {
            assertTrue(test.has(field), field + " in " + test);
        }
        assertEquals("failed", test.get("status").asText());
        assertTrue(test.get("output").asText().contains("hint: after a client types exit"));
        JsonNode logs = mapper.readTree(json.out());
        JsonNode first = logs.get(0);
        for (String field : List.of("file", "student", "lab", "score", "max_score", "flags", "rules")) {
            assertTrue(first.has(field), field + " in " + first);
        }
        JsonNode rule = first.get("rules").get(1);
        assertEquals("zombies-seen", rule.get("id").asText());
        assertEquals(0.0, rule.get("points").asDouble());
        assertEquals(3.0, rule.get("max_points").asDouble());
        assertTrue(rule.get("missing").asText().contains("41207"));
        String markdown = Files.readString(feedback.resolve("ana-98-small.md"));
        assertTrue(markdown.contains("## What is missing, and how to get it") && markdown.contains("To get it: after a client types exit"),
                markdown);

        // What scored is said with the log's own values too, not the rubric's $names.
        Path cy = log("cy-98.md", "Cy", SERVER, ZOMBIES);
        GradeRunner scored = GradeRunner.grade(cy.toString(), "--rubric", rubric().toString(), "--feedback", feedback.toString());
        assertEquals(0, scored.status(), scored.toString());
        String cyFeedback = Files.readString(feedback.resolve("cy-98-small.md"));
        assertTrue(cyFeedback.contains("- ps showing Z children of 41207 (3;"), cyFeedback);
    }

    /** A rubric may share text and fields between rules with YAML's anchors, aliases and merge keys. */
    @Test
    void anchorsAliasesAndMergeKeysAreResolvedAndAnAliasToNothingIsAnError() throws IOException {
        Path shared = dir.resolve("shared.yaml");
        Files.writeString(shared, """
                lab: 98-small
                title: A small lab
                rules:
                  - &server
                    id: server-up
                    points: 1
                    evidence: the server listening
                    command: 'ProcessPerConnectionServer'
                    hint: ./lab server process, then the steps
                  - <<: *server
                    id: server-again
                    points: 2
                """);
        GradeRunner graded = GradeRunner.grade(log("ana-98.md", "Ana").toString(), "--rubric", shared.toString());
        assertEquals(0, graded.status(), graded.toString());
        assertTrue(graded.out().contains("server-again 0/2: not shown: the server listening (no block's command matches"
                + " /ProcessPerConnectionServer/); hint: ./lab server process, then the steps"), graded.out());

        Path dangling = dir.resolve("dangling.yaml");
        Files.writeString(dangling, "lab: 98-small\nrules:\n  - id: a\n    points: 1\n    evidence: &seen seen\n    command: 'x'\n"
                + "  - id: b\n    points: 1\n    evidence: *seen\n    command: 'y'\n");
        GradeRunner bad = GradeRunner.grade("--check-rubric", dangling.toString());
        assertEquals(1, bad.status(), bad.toString());
        assertTrue(bad.err().contains(dangling + ":9: *seen names no mapping or list anchored &seen above it"
                + " (an anchor on a single value is not kept: write the value out)"), bad.err());
    }

    /** {@code ./lab grade --check-rubric labs/NN-topic/rubric.yaml lab-logs/rubric.yaml}, as an instructor runs it: every rubric of the course is valid. */
    @Test
    void everyRubricOfTheCourseIsValid() {
        var course = echolab.toolkit.course.Course.find(List.of()).orElseThrow();
        List<String> rubrics = java.util.stream.Stream.concat(course.rubrics().stream(),
                java.util.stream.Stream.of(course.root().resolve("lab-logs/rubric.yaml"))).map(Path::toString).toList();
        assertTrue(course.labs().size() >= 15, "the fifteen labs: " + course.labs());
        GradeRunner checked = GradeRunner.grade(java.util.stream.Stream.concat(java.util.stream.Stream.of("--check-rubric"),
                rubrics.stream()).toArray(String[]::new));
        assertEquals(0, checked.status(), checked.toString());
        assertEquals(rubrics.size(), checked.out().lines().filter(line -> line.startsWith("ok: ")).count(), checked.toString());
    }

    @Test
    void rubricErrorsNameTheirFileAndLine() throws IOException {
        Path syntax = dir.resolve("syntax.yaml");
        Files.writeString(syntax, "lab: 01-x\nrules:\n  - id: a\n    points: [1\n");
        GradeRunner bad = GradeRunner.grade("--check-rubric", syntax.toString());
        assertEquals(1, bad.status());
        assertTrue(bad.err().matches("(?s)" + java.util.regex.Pattern.quote(syntax.toString()) + ":\\d+: YAML syntax: .*"), bad.err());
        Path unknown = dir.resolve("unknown.yaml");
        Files.writeString(unknown, RUBRIC.replace("ps(ppid == $pid", "ps(ppid == $pidd").replace("points: 1\n", "points: one\n"));
        GradeRunner wrong = GradeRunner.grade("--check-rubric", unknown.toString());
        assertEquals(1, wrong.status());
        assertTrue(wrong.err().contains(unknown + ":13: fact names $pidd, which no rule above captures (captured above: $pid)"),
                wrong.err());
        assertTrue(wrong.err().contains(unknown + ":16: points: should be a number above 0, not 'one'"), wrong.err());
        GradeRunner ok = GradeRunner.grade("--check-rubric", rubric().toString());
        assertEquals(0, ok.status(), ok.toString());
        assertTrue(ok.out().startsWith("ok: " + rubric() + " (98-small: 3 automatic rules, 1 by hand, 8 points)"), ok.out());
        assertNoStackTrace(bad, wrong);
    }

    @Test
    void emptyBinaryAndHugeLogsGetAClearLineAndNoStackTrace() throws IOException {
        Path empty = dir.resolve("empty-98.md");
        Files.writeString(empty, "");
        Path binary = dir.resolve("binary-98.md");
        Files.write(binary, new byte[]{0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0});
        Path huge = dir.resolve("huge-98.md");
        var text = new StringBuilder("# Huge\n\n## 2. Observations\n\n").append(SERVER).append("```txt\n[2026-12-01, 10:03:00] yes\n");
        String line = "y".repeat(99) + "\n";
        while (text.length() < 50_000_000) {
            text.append(line);
        }
        text.append("[ended 2026-12-01, 10:04:00, exit status 130, interrupted]\n```\n");
        Files.writeString(huge, text);
        GradeRunner result = GradeRunner.grade(empty.toString(), binary.toString(), huge.toString(), "--rubric", rubric().toString());
        assertEquals(1, result.status(), "two logs cannot be graded");
        assertTrue(result.err().contains("lab grade: " + empty + ":1: the file is empty: nothing was recorded in it"), result.err());
        assertTrue(result.err().contains("lab grade: " + binary + ":1: not a text file (byte 0x00 at offset 7)"), result.err());
        assertTrue(result.out().contains("flag: " + huge + ":12: the block of 'yes' holds 50.0 MB of output"), result.out());
        assertNoStackTrace(result);
    }

    @Test
    void theWorkedExampleScoresInFullAndTheTemplateScoresNothingWithEveryMissNamed() {
        Path logs = Path.of("../../lab-logs").toAbsolutePath().normalize();
        GradeRunner example = GradeRunner.grade(logs.resolve("example-sequential-vs-virtual.md").toString(), "--require-full",
                "--self-test");
        assertEquals(0, example.status(), example.toString());
        assertFalse(example.out().contains("flag:"), example.out());
        GradeRunner template = GradeRunner.grade(logs.resolve("TEMPLATE.md").toString());
        assertEquals(0, template.status(), template.toString());
        assertTrue(template.out().matches("(?s).*TEMPLATE — [^\\n]*: 0/\\d+.*"), template.out());
        long misses = template.out().lines().filter(l -> l.contains(": not shown: ") || l.contains(": not tried: ")).count();
        long rules = example.out().lines().filter(l -> l.matches("  [a-z-]+ \\d+/\\d+: .*")).count();
        assertEquals(rules, misses, template.out());
    }

    private static void assertNoStackTrace(GradeRunner... results) {
        for (GradeRunner result : results) {
            assertFalse(result.all().contains("\tat ") || result.all().contains("Exception"), result.all());
        }
    }

    private static List<CSVRecord> read(Path csv) throws IOException {
        try (Reader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8);
             CSVParser parser = CSVFormat.DEFAULT.parse(in)) {
            return parser.getRecords();
        }
    }
}
