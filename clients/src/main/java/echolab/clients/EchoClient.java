package echolab.clients;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import echolab.core.Cli;
import echolab.core.UsageException;

/**
 * {@code ./lab client HOST:PORT}: sends each line typed (or piped) and prints whatever comes
 * back, as it comes; lines starting with {@code :} change the client's own socket instead of
 * being sent, so that a student can half-close, reset, stop reading or vanish on purpose.
 */
public final class EchoClient {
    private static final String LOCAL_COMMANDS = """
            local commands (not sent):
              :shutdown 0|1|2  shut down reading (SHUT_RD), writing (SHUT_WR: half-close, FIN) or both
              :linger N        SO_LINGER N seconds; 0 makes :bye close with RST instead of FIN
              :timeout D       how long to wait for a reply before saying timeout!, with a unit: 2s, 500ms
              :passive         stop reading from the socket: replies pile up in the kernel buffers
              :die             exit at once without closing the socket (the kernel closes it)
              :bye             close the socket and exit""";

    private final Socket socket;
    private final InputStream typed;
    private final PrintStream out;
    private final PrintStream notes;
    private final Object arrivals = new Object();
    private long bytesArrived;
    private boolean ended;
    private volatile boolean passive;
    private volatile boolean inputShutHere;
    private Duration timeout;

    EchoClient(Socket socket, InputStream typed, PrintStream out, PrintStream notes, Duration timeout) {
        this.socket = socket;
        this.typed = typed;
        this.out = out;
        this.notes = notes;
        this.timeout = timeout;
    }

    /** Runs the conversation until {@code :bye} or the end of the typed input. */
    void converse() throws IOException, InterruptedException {
        Thread.ofPlatform().daemon().name("replies").start(this::printReplies);
        OutputStream toServer = socket.getOutputStream();
        byte[] line;
        while ((line = readLine(typed)) != null) {
            String text = new String(line, StandardCharsets.ISO_8859_1);
            if (text.startsWith(":")) {
                if (!local(text.trim())) {
                    return;
                }
            } else {
                send(toServer, line);
            }
        }
        // End of input (a pipe ran dry, or Ctrl-D): half-close, then show what the server still sends.
        if (!socket.isOutputShutdown() && !socket.isClosed()) {
            socket.shutdownOutput();
            notes.println("(end of input: half-closed the connection, printing what still arrives)");
        }
        awaitQuiet();
        socket.close();
    }

    private void send(OutputStream toServer, byte[] line) throws InterruptedException {
        if (socket.isOutputShutdown()) {
            notes.println("(not sent: this side has shut down its output)");
            return;
        }
        long before = arrived();
        try {
            toServer.write(line);
            toServer.write('\n');
            toServer.flush();
        } catch (IOException e) {
            // EPIPE or ECONNRESET: the server is gone; the C lab's SIGPIPE handler says "pipe!".
            say("pipe! (" + e.getMessage() + ")");
            return;
        }
        if (passive) {
            return;
        }
        if (!awaitBytesAfter(before, timeout)) {
            synchronized (arrivals) {
                say(ended ? "(no reply: the connection is closed for reading)" : "timeout!");
            }
        }
    }

    /** Carries out a local command; false for {@code :bye}. */
    private boolean local(String command) throws IOException {
        String[] words = command.split("\\s+");
        try {
            switch (words[0]) {
                case ":shutdown" -> shutdown(words.length == 2 ? Cli.integer(":shutdown", words[1], 0, 2) : -1);
                case ":linger" -> {
                    int seconds = words.length == 2 ? Cli.integer(":linger", words[1], 0, 65_535) : -1;
                    if (seconds < 0) {
                        throw new UsageException(":linger takes seconds, e.g. :linger 0");
                    }
                    socket.setSoLinger(true, seconds);
                    notes.println("(SO_LINGER " + seconds + " s" + (seconds == 0 ? ": :bye will send RST" : "") + ")");
                }
                case ":timeout" -> {
                    if (words.length != 2) {
                        throw new UsageException(":timeout takes a duration with a unit, e.g. :timeout 5s");
                    }
                    timeout = replyTimeout(":timeout", Cli.duration(":timeout", words[1]));
                    notes.println("(reply timeout " + timeout.toMillis() + " ms)");
                }
                case ":passive" -> {
                    passive = true;
                    notes.println("(no longer reading from the socket)");
                }
                case ":die" -> {
                    out.flush();
                    notes.flush();
                    // Exit without close(): the kernel closes the descriptor as the process ends.
                    Runtime.getRuntime().halt(0);
                }
                case ":bye" -> {
                    socket.close();
                    return false;
                }
                case ":help" -> notes.println(LOCAL_COMMANDS);
                default -> throw new UsageException("unknown local command " + words[0] + " (:help lists them)");
            }
        } catch (UsageException e) {
            notes.println("(" + e.getMessage() + ")");
        }
        return true;
    }

    private void shutdown(int how) throws IOException {
        switch (how) {
            case 0 -> {
                inputShutHere = true;
                socket.shutdownInput();
                notes.println("(SHUT_RD: no more reading)");
            }
            case 1 -> {
                socket.shutdownOutput();
                notes.println("(SHUT_WR: sent FIN, half-closed; replies still arrive)");
            }
            case 2 -> {
                inputShutHere = true;
                socket.shutdownOutput();
                socket.shutdownInput();
                notes.println("(SHUT_RDWR: both directions shut down)");
            }
            default -> throw new UsageException(":shutdown takes 0 (read), 1 (write) or 2 (both)");
        }
    }

    /** The reader thread: copies every byte that arrives to standard output, until EOF, reset or :passive. */
    private void printReplies() {
        byte[] buffer = new byte[16 * 1024];
        String end;
        try {
            InputStream in = socket.getInputStream();
            while (true) {
                if (passive) {
                    return;
                }
                int n = in.read(buffer);
                if (n < 0) {
                    end = inputShutHere ? null : "(the server closed the connection)";
                    break;
                }
                synchronized (arrivals) {
                    out.write(buffer, 0, n);
                    out.flush();
                    bytesArrived += n;
                    arrivals.notifyAll();
                }
            }
        } catch (IOException e) {
            end = socket.isClosed() ? null : "(connection lost: " + e.getMessage() + ")";
        }
        synchronized (arrivals) {
            if (end != null) {
                notes.println(end);
            }
            ended = true;
            arrivals.notifyAll();
        }
    }

    private long arrived() {
        synchronized (arrivals) {
            return bytesArrived;
        }
    }

    /** Waits until more than {@code before} bytes have arrived; false after {@code wait} or at the end of the stream. */
    private boolean awaitBytesAfter(long before, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        synchronized (arrivals) {
            long left;
            while (bytesArrived == before && !ended && (left = deadline - System.nanoTime()) > 0) {
                TimeUnit.NANOSECONDS.timedWait(arrivals, left);
            }
            return bytesArrived > before;
        }
    }

    /** After the input ended: waits for the server's EOF, or until nothing has arrived for one reply timeout. */
    private void awaitQuiet() throws InterruptedException {
        if (passive) {
            return;
        }
        while (awaitBytesAfter(arrived(), timeout)) {
            // More arrived: the server is still talking, so give it another timeout.
        }
        synchronized (arrivals) {
            if (!ended) {
                say("timeout! (the server did not close within " + timeout.toMillis() + " ms)");
            }
        }
    }

    private void say(String message) {
        synchronized (arrivals) {
            out.println(message);
            out.flush();
        }
    }

    /** A reply timeout of 0 would say timeout! to every line before its reply could come. */
    private static Duration replyTimeout(String what, Duration timeout) {
        if (timeout.isZero() || timeout.toMillis() > Integer.MAX_VALUE) {
            throw new UsageException(what + " must be more than 0 and under 24 days, e.g. 2s or 500ms");
        }
        return timeout;
    }

    /** One line of input without its LF (a CR before it is kept: the server answers CRLF with CRLF); null at the end. */
    private static byte[] readLine(InputStream in) throws IOException {
        var line = new ByteArrayOutputStream(128);
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            line.write(b);
        }
        return b < 0 && line.size() == 0 ? null : line.toByteArray();
    }

    public static void main(String[] args) {
        Cli.run("client", args, arguments -> {
            Cli.Parsed parsed = new Cli("client", "[options] HOST:PORT",
                    "Send each line you type (or pipe in) to an echo server and print whatever comes back."
                            + " Says timeout! when no reply comes in time and pipe! when the server is gone."
                            + " At the end of input the client half-closes and prints what still arrives."
                            + " Lines starting with ':' are local commands (:help lists them): :shutdown 0|1|2,"
                            + " :linger N, :timeout D, :passive, :die, :bye.")
                    .value("timeout", "DURATION", "how long to wait for a connect or a reply, with a unit: 2s, 500ms (default 2s)")
                    .parse(arguments);
            HostPort server = HostPort.only(parsed.arguments());
            Duration timeout = replyTimeout("--timeout", parsed.duration("timeout", Duration.ofSeconds(2)));
            Socket socket = server.connect(timeout);
            socket.setTcpNoDelay(true);
            System.err.println("(connected to " + server + " from local port " + socket.getLocalPort()
                    + "; :help lists the local commands)");
            var in = System.in;
            try {
                new EchoClient(socket, in, System.out, System.err, timeout).converse();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            System.out.flush();
            System.exit(0);
        });
    }
}
