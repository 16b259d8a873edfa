package echolab.dump;

import java.io.IOException;

/** Where console lines come from: a terminal with line editing, or plain lines from a pipe. */
interface ConsoleInput extends AutoCloseable {

    /** The next line, or null at the end of input. */
    String readLine() throws IOException;

    @Override
    void close();

    /** JLine when standard input and output are a terminal; plain line reading otherwise. */
    static ConsoleInput open(EventPrinter printer) throws IOException {
        var console = System.console();
        if (console != null && console.isTerminal()) {
            return TerminalInput.open(printer);
        }
        return new PipedInput(System.in);
    }
}
