package echolab.toolkit.observe;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the real tools, {@code netstat -ptan} (or {@code ss -tanp} where netstat is missing) and {@code ps}. */
public final class Snapshots {
    private static final long TOOL_TIMEOUT_SECONDS = 20;

    private final List<String> socketCommand;

    /** {@code netstat -ptan} when {@code netstat} is true, else {@code ss -tanp}. */
    public Snapshots(boolean netstat) {
        this.socketCommand = netstat ? List.of("netstat", "-ptan") : List.of("ss", "-tanp");
    }

    public Snapshot take() throws IOException, InterruptedException {
        String sockets = run(socketCommand);
        String processes = run(List.of("ps", "-e", "-o", ProcessTable.COLUMNS));
        return new Snapshot(String.join(" ", socketCommand), sockets,
                SocketRow.parse(String.join(" ", socketCommand), sockets),
                processes, ProcessTable.parse(processes));
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(TOOL_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException(String.join(" ", command) + " did not finish in " + TOOL_TIMEOUT_SECONDS + " s");
        }
        if (process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed with status " + process.exitValue()
                    + ": " + new String(output, StandardCharsets.UTF_8).strip());
        }
        return new String(output, StandardCharsets.UTF_8);
    }
}
