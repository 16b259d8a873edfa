package echolab.toolkit.grade;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import echolab.toolkit.logs.Answer;

/**
 * Finds the answer to a rubric's manual question among a log's answers: the same question
 * word for word, or else the one sharing most of its words, so that a student who retyped or
 * shortened the question still has their answer found.
 */
final class Answers {
    private static final double ENOUGH = 0.6;

    private Answers() {
    }

    static Answer find(List<Answer> answers, String question) {
        Set<String> wanted = words(question);
        Answer best = null;
        double bestShare = 0;
        for (Answer answer : answers) {
            Set<String> asked = words(answer.question());
            if (asked.equals(wanted)) {
                return answer;
            }
            long shared = wanted.stream().filter(asked::contains).count();
            double share = wanted.isEmpty() ? 0 : (double) shared / Math.max(wanted.size(), asked.size());
            if (share > bestShare) {
                bestShare = share;
                best = answer;
            }
        }
        return bestShare >= ENOUGH ? best : null;
    }

    private static Set<String> words(String text) {
        return Arrays.stream(text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")).filter(w -> !w.isEmpty())
                .collect(Collectors.toSet());
    }
}
