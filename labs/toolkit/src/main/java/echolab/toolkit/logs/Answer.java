package echolab.toolkit.logs;

/** One answer in a log's answers section: the question as the log states it, and the text under it. */
public record Answer(int line, String question, String text) {
}
