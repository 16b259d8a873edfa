package echolab.dump;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/** Console lines from a pipe or a file: no prompt, no editing, UTF-8. */
final class PipedInput implements ConsoleInput {
    private final BufferedReader reader;

    PipedInput(InputStream in) {
        this.reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    }

    @Override
    public String readLine() throws IOException {
        return reader.readLine();
    }

    @Override
    public void close() {
        // Standard input belongs to the process: closing it would not unblock a read anyway.
    }
}
