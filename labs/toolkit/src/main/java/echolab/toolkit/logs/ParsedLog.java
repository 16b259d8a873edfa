package echolab.toolkit.logs;

import java.util.List;

/**
 * A lab log as {@link LogParser} read it: its header, its evidence blocks in the order they
 * appear, its answers, and what it could not read.
 *
 * @param name   how messages name the file ({@code lab-logs/students/ana-04.md})
 * @param fields the header's {@code Name:}, {@code Date:}, {@code Machine:}, {@code Lab:} values ("" when absent
 *               or still the template's placeholder)
 */
public record ParsedLog(String name, String title, String student, String date, String machine, String lab,
                        List<Block> blocks, List<Answer> answers, List<Problem> problems, long bytes) {
    public ParsedLog {
        blocks = List.copyOf(blocks);
        answers = List.copyOf(answers);
        problems = List.copyOf(problems);
    }

    /** The same log with only {@code kept} as its blocks (what grading sees when evidence is left out). */
    public ParsedLog withBlocks(List<Block> kept) {
        return new ParsedLog(name, title, student, date, machine, lab, kept, answers, problems, bytes);
    }
}
