package echolab.dump;

import java.io.IOException;

import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.completer.StringsCompleter;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * Console lines from a terminal through JLine: editing, history (up arrow), Tab completes the
 * commands, and events are printed above the prompt instead of through the line being typed.
 */
final class TerminalInput implements ConsoleInput {
    private static final String PROMPT = "dump> ";

    private final Terminal terminal;
    private final LineReader reader;

    private TerminalInput(Terminal terminal, LineReader reader) {
        this.terminal = terminal;
        this.reader = reader;
    }

    static TerminalInput open(EventPrinter printer) throws IOException {
        Terminal terminal = TerminalBuilder.builder().system(true).build();
        LineReader reader = LineReaderBuilder.builder()
                .terminal(terminal)
                .appName("echolab-dump")
                .completer(new StringsCompleter(Console.COMMANDS))
                .build();
        printer.useOutput(reader::printAbove);
        return new TerminalInput(terminal, reader);
    }

    @Override
    public String readLine() {
        try {
            return reader.readLine(PROMPT);
        } catch (UserInterruptException ctrlC) {
            // Ctrl-C at the prompt stops the server, as it would without a line editor.
            return "quit";
        } catch (EndOfFileException ctrlD) {
            return null;
        }
    }

    @Override
    public void close() {
        try {
            terminal.close();
        } catch (IOException ignored) {
            // The terminal's settings are restored on a best-effort basis; the process is ending.
        }
    }
}
