package echolab.toolkit.logs;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

/**
 * {@code ./lab record --log FILE} without a command (C8): a prompt where each line is run by bash
 * in the session's directory and environment, shown live, and appended to the log as a block
 * when it ends, its {@code [ended …]} line printed too so that a script driving the session from
 * a pipe knows when to send the next command. While a command runs, the lines read go to it
 * (and into its block as {@code > } lines); end of input closes its input. {@code exit} or end
 * of input at the prompt ends the session.
 */
final class RecordSession {
    private static final String PROMPT = "record$ ";

    private final LabLog log;
    private final InputStream in;
    private final PrintStream out;
    private final boolean terminal;
    private final Clock clock;
    private final Object lock = new Object();
    /** The command running, or null at the prompt; lines read are routed by it, in the order they were typed. */
    private CommandRun running;
    private String nextCommand;
    private boolean inputEnded;

    RecordSession(LabLog log, InputStream in, PrintStream out, boolean terminal, Clock clock) {
        this.log = log;
        this.in = in;
        this.out = out;
        this.terminal = terminal;
        this.clock = clock;
    }

    /** Runs the session until {@code exit} or the end of input. */
    void run() throws IOException, InterruptedException {
        Path state = Files.createTempFile("echolab-record-", ".state");
        Files.writeString(state, "cd -- '" + Path.of("").toAbsolutePath().toString().replace("'", "'\\''") + "'\n");
        Thread reader = Thread.ofPlatform().daemon().name("record-input").start(this::readInput);
        var stopping = new Thread(this::recordInterrupted, "record-on-exit");
        Runtime.getRuntime().addShutdownHook(stopping);
        try {
            while (true) {
                String command;
                synchronized (lock) {
                    if (terminal && nextCommand == null && !inputEnded) {
                        out.print(PROMPT);
                        out.flush();
                    }
                    while (nextCommand == null && !inputEnded) {
                        lock.wait();
                    }
                    if (nextCommand == null) {
                        return;
                    }
                    command = nextCommand;
                }
                String trimmed = command.strip();
                if (trimmed.equals("exit") || trimmed.matches("exit\\s+\\d+") || trimmed.equals("logout")) {
                    return;
                }
                CommandRun run = CommandRun.start(command, state, null, clock, out);
                synchronized (lock) {
                    running = run;
                    lock.notifyAll();
                }
                Block block = run.await();
                synchronized (lock) {
                    running = null;
                    nextCommand = null;
                    lock.notifyAll();
                }
                log.append(block);
                synchronized (out) {
                    out.println(block.endLine());
                    out.flush();
                }
            }
        } finally {
            Runtime.getRuntime().removeShutdownHook(stopping);
            reader.interrupt();
            Files.deleteIfExists(state);
        }
    }

    /**
     * The input: a line at the prompt is the next command; a line while a command starts or runs
     * is that command's input. Lines are routed here, in the order they arrive, so a script may
     * send a command and its input at once.
     */
    private void readInput() {
        try {
            while (true) {
                String line = CommandRun.readLine(in);
                synchronized (lock) {
                    if (line == null) {
                        if (nextCommand == null) {
                            inputEnded = true;
                            lock.notifyAll();
                            return;
                        }
                        // End of input while a command runs closes its input; then read again (a terminal goes on after Ctrl-D).
                        while (running == null && nextCommand != null) {
                            lock.wait();
                        }
                        if (running != null) {
                            running.closeInput();
                        }
                        while (nextCommand != null) {
                            lock.wait();
                        }
                        continue;
                    }
                    if (nextCommand == null) {
                        if (!line.isBlank() && !line.strip().startsWith("#")) {
                            nextCommand = line;
                            lock.notifyAll();
                        } else if (terminal) {
                            out.print(PROMPT);
                            out.flush();
                        }
                        continue;
                    }
                    while (running == null && nextCommand != null) {
                        lock.wait();
                    }
                    if (running != null) {
                        running.type(line);
                    }
                }
            }
        } catch (InterruptedException | IOException e) {
            synchronized (lock) {
                inputEnded = true;
                lock.notifyAll();
            }
        }
    }

    /**
     * The recorder is being stopped (SIGTERM, or Ctrl-C where SIGINT is not ignored): the running
     * command's block is kept, and the command ends with the session.
     */
    private void recordInterrupted() {
        CommandRun run;
        synchronized (lock) {
            run = running;
        }
        if (run != null) {
            try {
                log.append(run.interruptedNow());
            } catch (IOException e) {
                System.err.println("lab record: could not write the log: " + echolab.core.Cli.describe(e));
            }
            run.end();
        }
    }
}
