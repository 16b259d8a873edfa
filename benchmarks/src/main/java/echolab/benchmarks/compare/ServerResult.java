package echolab.benchmarks.compare;

import java.util.ArrayList;
import java.util.List;

import echolab.benchmarks.ProcStatus;

/**
 * What the comparison measured on one server; a server that could not run has only {@link #skipped}.
 *
 * @param name          server kind or peer
 * @param arguments     the options it was started with, beyond {@code --port 0}
 * @param skipped       why it was not measured, or null
 * @param single        the closed loop on one connection (the median round)
 * @param many          the closed loops on many connections, in the order of the plan (median rounds)
 * @param setup         connect, echo, close, one at a time
 * @param sleep         the {@code sleep} requests, or null for the peers (they echo the line)
 * @param sleepPredicted what Little's law predicts for {@link #sleep}, requests per second
 * @param peak          the largest threads and RSS seen while it ran (children included)
 * @param end           threads and RSS after the last run
 * @param otherRounds   the rounds of {@link #single} and {@link #many} that were not the median
 */
record ServerResult(String name, List<String> arguments, String skipped, LoadRun single, List<LoadRun> many,
                    LoadRun setup, LoadRun sleep, double sleepPredicted, ProcStatus peak, ProcStatus end,
                    List<LoadRun> otherRounds) {

    static ServerResult skipped(String name, String why) {
        return new ServerResult(name, List.of(), why, null, List.of(), null, null, 0, ProcStatus.NONE, ProcStatus.NONE,
                List.of());
    }

    boolean measured() {
        return skipped == null;
    }

    /** Every measured load run, the rounds that were not the median too, for the error count. */
    List<LoadRun> runs() {
        var runs = new ArrayList<LoadRun>();
        if (single != null) {
            runs.add(single);
        }
        runs.addAll(many);
        if (setup != null) {
            runs.add(setup);
        }
        if (sleep != null) {
            runs.add(sleep);
        }
        runs.addAll(otherRounds);
        return runs;
    }
}
