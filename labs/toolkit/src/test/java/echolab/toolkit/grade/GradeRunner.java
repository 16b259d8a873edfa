package echolab.toolkit.grade;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import echolab.core.UsageException;

/** {@code lab grade} run in this JVM: its exit status, and what it printed on each stream. */
record GradeRunner(int status, String out, String err) {
    static GradeRunner grade(String... args) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        int status;
        try (var o = new PrintStream(out, true, StandardCharsets.UTF_8); var e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            try {
                status = Grading.run(args, o, e);
            } catch (UsageException usage) {
                e.println("lab grade: " + usage.getMessage());
                status = 2;
            } catch (java.io.IOException io) {
                e.println("lab grade: " + io.getMessage());
                status = 1;
            }
        }
        return new GradeRunner(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    String all() {
        return out + err;
    }

    @Override
    public String toString() {
        return "exit " + status + "\n--- out\n" + out + "--- err\n" + err;
    }
}
