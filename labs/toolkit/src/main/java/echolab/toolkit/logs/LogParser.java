package echolab.toolkit.logs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a lab log as {@code lab record} writes it and as students edit it (format C4): CRLF,
 * tabs, trailing spaces, bytes that are not UTF-8, fences with or without {@code txt}, blocks
 * indented by four spaces instead of fenced, a missing closing fence (the block runs to the next
 * heading), blocks without an {@code [ended …]} line. What it cannot read it reports as a
 * {@link Problem} at its line; only a file that is no text at all is refused.
 */
public final class LogParser {
    static final Pattern STAMP = Pattern.compile("^\\[(\\d{4})-(\\d{2})-(\\d{2}),?\\s+(\\d{1,2}):(\\d{2}):(\\d{2})] ?(.*)$");
    static final Pattern END = Pattern.compile(
            "^\\[ended (\\d{4})-(\\d{2})-(\\d{2}),?\\s+(\\d{1,2}):(\\d{2}):(\\d{2})((?:,[^,\\]]*)*)]$");
    private static final Pattern PLACEHOLDER = Pattern.compile("^\\[YYYY-MM-DD, HH:MM:SS].*");
    private static final Pattern FENCE = Pattern.compile("^(\\s*)(`{3,}|~{3,})\\s*([\\w+.-]*)\\s*$");
    private static final Pattern HEADING = Pattern.compile("^(#{1,6})\\s+(.*?)\\s*#*\\s*$");
    private static final Pattern FIELD = Pattern.compile(
            "(?i)\\b(Name|Date|Machine|Lab):\\s*(.*?)\\s*(?=\\b(?:Name|Date|Machine|Lab):|$)");
    private static final Pattern LIST_ITEM = Pattern.compile("^ {0,3}(?:[-*+]|\\d+[.)])\\s+(.*)$");
    private static final int SNIFF = 8192;

    private final String name;
    private final List<String> lines;
    private final List<Block> blocks = new ArrayList<>();
    private final List<Answer> answers = new ArrayList<>();
    private final List<Problem> problems = new ArrayList<>();
    private String title = "";
    private String student = "";
    private String date = "";
    private String machine = "";
    private String lab = "";

    private LogParser(String name, List<String> lines) {
        this.name = name;
        this.lines = lines;
    }

    /** Reads {@code file}, naming it {@code name} in messages. */
    public static ParsedLog read(Path file, String name) throws IOException, UnreadableLogException {
        return parse(name, Files.readAllBytes(file));
    }

    public static ParsedLog parse(String name, byte[] bytes) throws UnreadableLogException {
        if (bytes.length == 0 || new String(bytes, 0, Math.min(bytes.length, SNIFF), StandardCharsets.ISO_8859_1).isBlank()
                && bytes.length <= SNIFF) {
            throw new UnreadableLogException(name + ":1: the file is empty: nothing was recorded in it");
        }
        int binary = binaryAt(bytes);
        if (binary >= 0) {
            throw new UnreadableLogException(name + ":" + lineAt(bytes, binary) + ": not a text file (byte 0x"
                    + String.format("%02x", bytes[binary]) + " at offset " + binary + "); a lab log is Markdown");
        }
        String text = decode(bytes);
        var parser = new LogParser(name, lines(text));
        parser.read();
        int badByte = text.indexOf('\uFFFD') >= 0 ? firstUndecodable(bytes) : -1;
        if (badByte >= 0) {
            parser.problems.addFirst(new Problem(lineAt(bytes, badByte),
                    "bytes that are not UTF-8 (read as \uFFFD); save the log as UTF-8"));
        }
        return new ParsedLog(name, parser.title, parser.student, parser.date, parser.machine, parser.lab,
                parser.blocks, parser.answers, parser.problems, bytes.length);
    }

    /** The offset of a byte no text file holds (NUL, or most control characters), or -1. */
    private static int binaryAt(byte[] bytes) {
        int limit = Math.min(bytes.length, SNIFF);
        int controls = 0;
        int first = -1;
        for (int i = 0; i < limit; i++) {
            int b = bytes[i] & 0xff;
            if (b == 0) {
                return i;
            }
            if (b < 0x20 && b != '\n' && b != '\r' && b != '\t' && b != '\f' && b != 0x1b && b != '\b') {
                controls++;
                first = first < 0 ? i : first;
            }
        }
        return controls * 20 > limit ? first : -1;
    }

    private static String decode(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static int firstUndecodable(byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(64 * 1024);
        while (true) {
            var result = decoder.decode(in, out, true);
            if (result.isError()) {
                return in.position();
            }
            if (result.isUnderflow()) {
                return -1;
            }
            out.clear();
        }
    }

    private static int lineAt(byte[] bytes, int offset) {
        int line = 1;
        for (int i = 0; i < offset && i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                line++;
            }
        }
        return line;
    }

    /** The lines without their line ends and trailing spaces (CRLF and LF alike). */
    private static List<String> lines(String text) {
        var lines = new ArrayList<String>();
        int start = 0;
        while (start <= text.length()) {
            int end = text.indexOf('\n', start);
            end = end < 0 ? text.length() : end;
            lines.add(text.substring(start, end).stripTrailing());
            start = end + 1;
        }
        return lines;
    }

    private void read() {
        String section = "";
        boolean inAnswers = false;
        int answersFrom = -1;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            Matcher heading = line.startsWith("#") ? HEADING.matcher(line) : null;
            if (heading != null && heading.matches()) {
                int level = heading.group(1).length();
                if (level == 1 && title.isEmpty()) {
                    title = heading.group(2);
                }
                if (level == 2) {
                    if (inAnswers) {
                        answers(answersFrom, i);
                    }
                    section = heading.group(2);
                    inAnswers = section.toLowerCase(Locale.ROOT).matches(".*\\banswers?\\b.*");
                    answersFrom = i + 1;
                }
                continue;
            }
            if (section.isEmpty() && blocks.isEmpty()) {
                header(line);
            }
            Matcher fence = line.contains("```") || line.contains("~~~") ? FENCE.matcher(line) : null;
            if (fence != null && fence.matches()) {
                i = fenced(i, fence, section);
            } else if (indented(line) && (i == 0 || lines.get(i - 1).isBlank())
                    && STAMP.matcher(dedent(line)).matches()) {
                i = indentedBlock(i, section);
            }
        }
        if (inAnswers) {
            answers(answersFrom, lines.size());
        }
    }

    private void header(String line) {
        Matcher m = FIELD.matcher(line);
        while (m.find()) {
            String value = m.group(2).strip();
            if (value.startsWith("<") && value.endsWith(">")) {
                value = "";
            }
            switch (m.group(1).toLowerCase(Locale.ROOT)) {
                case "name" -> student = value;
                case "date" -> date = value;
                case "machine" -> machine = value;
                default -> lab = value;
            }
        }
    }

    /** Reads the fenced block opened at {@code open}; returns the line of its closing fence. */
    private int fenced(int open, Matcher fence, String section) {
        int indent = fence.group(1).length();
        String marker = fence.group(2);
        String info = fence.group(3).toLowerCase(Locale.ROOT);
        int close = open + 1;
        boolean closed = false;
        for (; close < lines.size(); close++) {
            String line = lines.get(close).strip();
            if (closes(line, marker)) {
                closed = true;
                break;
            }
            // A heading ends a fence left open, unless the fence closes further on: then it is the
            // command's own output (JMH prints "# Warmup: …", a shell script "# comment").
            if (lines.get(close).startsWith("#") && HEADING.matcher(lines.get(close)).matches() && !closesLater(close, marker)) {
                break;
            }
        }
        var content = new ArrayList<String>();
        for (int i = open + 1; i < close; i++) {
            content.add(strip(lines.get(i), indent));
        }
        String first = content.stream().filter(l -> !l.isBlank()).findFirst().orElse("");
        if (STAMP.matcher(first).matches() && !PLACEHOLDER.matcher(first).matches()) {
            if (!closed) {
                problems.add(new Problem(open + 1, "the block opened here has no closing ``` fence; read it up to line "
                        + close));
            }
            blocks(open + 2, content, section);
        } else if (!first.isEmpty() && !PLACEHOLDER.matcher(first).matches() && (info.isEmpty() || info.equals("txt")
                || info.equals("text"))) {
            problems.add(new Problem(open + 2, "evidence block has no timestamp: its first line should be "
                    + "[YYYY-MM-DD, HH:MM:SS] and the command, as ./lab record writes it"));
        }
        return closed ? close : close - 1;
    }

    private static boolean closes(String stripped, String marker) {
        return stripped.startsWith(marker.substring(0, 3)) && stripped.chars().allMatch(c -> c == marker.charAt(0))
                && stripped.length() >= marker.length();
    }

    /**
     * Whether the fence open at line {@code from} is closed further on: the next fence line is a
     * closing one, not one that opens the next block (a fence with an info string, or a bare
     * fence followed by a stamp line).
     */
    private boolean closesLater(int from, String marker) {
        for (int j = from + 1; j < lines.size(); j++) {
            String line = lines.get(j).strip();
            if (closes(line, marker)) {
                int next = j + 1;
                while (next < lines.size() && lines.get(next).isBlank()) {
                    next++;
                }
                return next >= lines.size() || !STAMP.matcher(lines.get(next).strip()).matches();
            }
            if ((line.contains("```") || line.contains("~~~")) && FENCE.matcher(lines.get(j)).matches()) {
                return false;
            }
        }
        return false;
    }

    /** Reads a block indented by four spaces (or a tab) starting at {@code start}; returns its last line. */
    private int indentedBlock(int start, String section) {
        int end = start;
        var content = new ArrayList<String>();
        for (int i = start; i < lines.size(); i++) {
            String line = lines.get(i);
            if (indented(line)) {
                content.add(dedent(line));
                end = i;
            } else if (line.isBlank()) {
                content.add("");
            } else {
                break;
            }
        }
        while (!content.isEmpty() && content.getLast().isBlank()) {
            content.removeLast();
        }
        blocks(start + 1, content, section);
        return end;
    }

    /**
     * The evidence blocks in one fence, the first line being the log's line {@code firstLine}. A
     * stamp line starts a block; when the fence has {@code [ended …]} lines only a stamp after
     * one does, so that output holding a stamp (a {@code cat} of another log) stays output.
     */
    private void blocks(int firstLine, List<String> content, String section) {
        boolean hasEnds = content.stream().anyMatch(l -> l.startsWith("[ended ") && END.matcher(l).matches());
        int startLine = -1;
        LocalDateTime started = null;
        String command = null;
        var output = new StringBuilder();
        for (int i = 0; i < content.size(); i++) {
            String line = content.get(i);
            int at = firstLine + i;
            boolean bracket = line.startsWith("[");
            Matcher stamp = bracket ? STAMP.matcher(line) : null;
            Matcher end = bracket ? END.matcher(line) : null;
            if (command != null && end != null && end.matches()) {
                add(startLine, started, command, output, end, at, section);
                command = null;
            } else if (stamp != null && stamp.matches() && (command == null || !hasEnds)) {
                if (command != null) {
                    add(startLine, started, command, output, null, at, section);
                }
                started = time(stamp, at);
                command = stamp.group(7).strip();
                startLine = at;
                output.setLength(0);
                if (started == null) {
                    command = null;
                }
            } else if (command != null) {
                output.append(line).append('\n');
            } else if (!line.isBlank() && (end == null || !end.matches())) {
                problems.add(new Problem(at, "text outside an evidence block's stamp and [ended …] lines"));
            }
        }
        if (command != null) {
            add(startLine, started, command, output, null, firstLine + content.size(), section);
        }
    }

    private void add(int line, LocalDateTime started, String command, StringBuilder output, Matcher end, int endAt,
                     String section) {
        LocalDateTime ended = null;
        Integer status = null;
        boolean interrupted = false;
        if (end != null) {
            ended = time(end, endAt);
            for (String part : end.group(7).split(",")) {
                String detail = part.strip();
                if (detail.matches("exit status -?\\d+")) {
                    status = Integer.parseInt(detail.substring("exit status ".length()));
                } else if (detail.equals("interrupted")) {
                    interrupted = true;
                } else if (!detail.isEmpty()) {
                    problems.add(new Problem(endAt, "unknown detail '" + detail + "' in the [ended …] line"));
                }
            }
        }
        if (command.isEmpty()) {
            problems.add(new Problem(line, "evidence block has a timestamp but no command after it"));
        }
        int length = output.length();
        while (length > 0 && output.charAt(length - 1) == '\n') {
            length--;
        }
        String text = output.substring(0, length);
        blocks.add(new Block(line, started, command, text, ended, status, interrupted, section));
    }

    private LocalDateTime time(Matcher m, int line) {
        try {
            return LocalDateTime.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)),
                    Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)), Integer.parseInt(m.group(6)));
        } catch (DateTimeException e) {
            problems.add(new Problem(line, "'" + m.group(0) + "' is not a real date and time (" + e.getMessage() + ")"));
            return null;
        }
    }

    /** The questions under the answers section: each a {@code ### } heading, or a list item. */
    private void answers(int from, int to) {
        int i = from;
        while (i < to) {
            String line = lines.get(i);
            Matcher heading = HEADING.matcher(line);
            Matcher item = LIST_ITEM.matcher(line);
            if (heading.matches() && heading.group(1).length() >= 3) {
                int next = i + 1;
                while (next < to && !(HEADING.matcher(lines.get(next)).matches() && !lines.get(next).startsWith(" "))) {
                    next++;
                }
                answers.add(new Answer(i + 1, heading.group(2), text(i + 1, next)));
                i = next;
            } else if (item.matches()) {
                int next = i + 1;
                while (next < to && !LIST_ITEM.matcher(lines.get(next)).matches() && !HEADING.matcher(lines.get(next)).matches()
                        && !(lines.get(next).isBlank() && next + 1 < to && !indented(lines.get(next + 1)))) {
                    next++;
                }
                String whole = (item.group(1) + "\n" + text(i + 1, next)).strip();
                int mark = whole.indexOf('?');
                answers.add(mark < 0 ? new Answer(i + 1, whole, "")
                        : new Answer(i + 1, whole.substring(0, mark + 1), whole.substring(mark + 1).strip()));
                i = next;
            } else {
                i++;
            }
        }
    }

    private String text(int from, int to) {
        var text = new StringBuilder();
        for (int i = from; i < to; i++) {
            text.append(lines.get(i).strip()).append('\n');
        }
        return text.toString().strip().replaceAll("\\n{3,}", "\n\n");
    }

    private static boolean indented(String line) {
        return line.startsWith("    ") || line.startsWith("\t");
    }

    private static String dedent(String line) {
        return line.startsWith("\t") ? line.substring(1) : line.substring(Math.min(4, line.length()));
    }

    /** {@code line} without up to {@code indent} leading spaces (a fence inside a list item is indented). */
    private static String strip(String line, int indent) {
        int i = 0;
        while (i < indent && i < line.length() && (line.charAt(i) == ' ' || line.charAt(i) == '\t')) {
            i++;
        }
        return line.substring(i);
    }
}
