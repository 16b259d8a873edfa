package echolab.toolkit.grade;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import echolab.toolkit.evidence.Parsers;
import echolab.toolkit.evidence.ToolParser;
import echolab.toolkit.logs.Block;
import echolab.toolkit.logs.ParsedLog;

/**
 * What a person should look at before trusting a log, never a reason to zero it: end stamps
 * going backwards (blocks are appended when their commands end, so in a genuine log they never
 * do, however many terminals recorded into it), a block that ends before it starts, a log
 * spanning longer than the lab plausibly takes, output that cannot come from its command, and
 * evidence identical to another log's or to the worked example's.
 */
final class Integrity {
    /** A lab's evidence is a few KB; a block this large is an endless command's output. */
    private static final long LARGE_BLOCK = 1 << 20;

    private Integrity() {
    }

    static List<String> of(ParsedLog log, Duration maxSpan, Parsers parsers, Grader grader) {
        var flags = new ArrayList<String>();
        Block previous = null;
        LocalDateTime first = null;
        LocalDateTime last = null;
        for (Block block : log.blocks()) {
            if (block.started() == null) {
                continue;
            }
            String at = log.name() + ":" + block.line() + ": ";
            if (block.ended() != null && block.ended().isBefore(block.started())) {
                flags.add(at + "the block of '" + block.command() + "' ends (" + Block.STAMP.format(block.ended())
                        + ") before it starts (" + Block.STAMP.format(block.started()) + ")");
            }
            if (block.ended() != null) {
                if (previous != null && block.ended().isBefore(previous.ended())) {
                    flags.add(at + "end stamps go backwards: '" + block.command() + "' ended " + Block.STAMP.format(block.ended())
                            + ", before the block above it (line " + previous.line() + ") ended " + Block.STAMP.format(previous.ended())
                            + "; blocks are appended as their commands end");
                }
                previous = block;
            }
            first = first == null || block.started().isBefore(first) ? block.started() : first;
            LocalDateTime end = block.ended() != null && block.ended().isAfter(block.started()) ? block.ended() : block.started();
            last = last == null || end.isAfter(last) ? end : last;
            if (block.output().length() > LARGE_BLOCK) {
                flags.add(at + "the block of '" + block.command() + "' holds " + String.format("%.1f MB", block.output().length() / 1e6)
                        + " of output; a lab's evidence is a few KB (was an endless command recorded?)");
            }
            boolean succeeded = (block.exitStatus() == null || block.exitStatus() == 0) && !block.interrupted();
            if (succeeded) {
                ToolParser parser = parsers.forCommand(block.command()).orElse(null);
                if (parser != null && !grader.recognises(block, parser)) {
                    flags.add(at + "the output of '" + block.command() + "' does not look like " + parser.tool()
                            + " output: can it come from that command?");
                }
            }
        }
        if (first != null && Duration.between(first, last).compareTo(maxSpan) > 0) {
            flags.add(log.name() + ": the evidence spans " + span(Duration.between(first, last)) + " (from "
                    + Block.STAMP.format(first) + " to " + Block.STAMP.format(last) + "), more than this lab's " + span(maxSpan));
        }
        return flags;
    }

    /**
     * Flags evidence that appears in more than one log (same command, stamp and output), and
     * evidence copied from a worked example. Blocks with no output prove nothing and are skipped.
     */
    static void identical(List<Grade> grades, List<ParsedLog> examples) {
        Map<Block.Fingerprint, List<String>> seen = new HashMap<>();
        for (ParsedLog example : examples) {
            for (Block block : example.blocks()) {
                if (block.started() != null && !block.output().isBlank()) {
                    seen.computeIfAbsent(block.fingerprint(), k -> new ArrayList<>()).add("the worked example " + example.name()
                            + ":" + block.line());
                }
            }
        }
        for (Grade grade : grades) {
            for (Block block : grade.log().blocks()) {
                if (block.started() != null && !block.output().isBlank()) {
                    seen.computeIfAbsent(block.fingerprint(), k -> new ArrayList<>()).add(grade.log().name() + ":" + block.line());
                }
            }
        }
        for (Grade grade : grades) {
            for (Block block : grade.log().blocks()) {
                if (block.started() == null || block.output().isBlank()) {
                    continue;
                }
                String self = grade.log().name() + ":" + block.line();
                List<String> places = seen.get(block.fingerprint());
                if (places.size() < 2) {
                    continue;
                }
                List<String> others = places.stream().filter(place -> !place.equals(self) && !place.endsWith(" " + self)).toList();
                if (!others.isEmpty()) {
                    grade.flag(self + ": identical evidence ('" + block.command() + "' at " + Block.STAMP.format(block.started())
                            + ", same output) in " + String.join(", ", others));
                }
            }
        }
    }

    private static String span(Duration duration) {
        long hours = duration.toHours();
        return hours >= 48 ? duration.toDays() + " days" : hours >= 1 ? hours + " h" : duration.toMinutes() + " min";
    }
}
