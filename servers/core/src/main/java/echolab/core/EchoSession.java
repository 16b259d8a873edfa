package echolab.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The echo protocol of PROTOCOL.md, written once: every server hands each accepted connection
 * to {@link #serve}, and differs from the others only in which thread or process calls it.
 *
 * <p>Invariants: a connection is in {@code open} from {@link #accepted} until its handler has
 * closed it (or a {@code leak} fault abandoned it); every write that finds the peer gone is
 * counted once; no handler failure escapes {@code serve}.
 */
public final class EchoSession {
    /** How long a stopping server lets open connections finish before closing them. */
    public static final Duration GRACE = Duration.ofSeconds(2);
    public static final int MAX_SLEEP_MS = 60_000;
    public static final int MAX_SPIN_MS = 10_000;
    public static final long MAX_STREAM_BYTES = 1L << 30;
    public static final int MAX_STREAM_CHUNK = 1 << 20;
    private static final int DEFAULT_STREAM_CHUNK = 1024;
    private static final Duration LINGER = Duration.ofSeconds(2);
    private static final Pattern NUMBER = Pattern.compile("\\d{1,10}");
    /** Longer lines are never commands: they are echoed without being decoded. */
    private static final int LONGEST_COMMAND = 64;
    private static final List<String> COMMANDS =
            List.of("help", "ping", "whoami", "stats", "sleep", "spin", "stream", "exit", "quit");
    private static final List<String> FAULTS = List.of("poison", "leak", "rst", "hang", "crash");
    private static final List<String> WITH_ARGUMENTS = List.of("sleep", "spin", "stream");

    private final ServerOptions options;
    private final Counters counters;
    private final EventLog log;
    private final Hooks hooks;
    private final Set<Connection> open = ConcurrentHashMap.newKeySet();
    // The leak fault's promise: a reference is kept, so no cleaner ever closes these.
    private final List<Connection> leaked = new CopyOnWriteArrayList<>();
    private final Object openChanged = new Object();
    private final AcceptBackoff backoff;
    private final Deadlines deadlines;

    /**
     * What differs where the session runs.
     *
     * @param poison closes the listening socket (the {@code poison} fault)
     * @param crash  kills the handler abruptly (the {@code crash} fault): throws in the thread
     *               servers, halts the JVM in a process-model child
     */
    public record Hooks(Runnable poison, Runnable crash) {
    }

    public EchoSession(ServerOptions options, Counters counters, EventLog log, Hooks hooks) {
        this.options = options;
        this.counters = counters;
        this.log = log;
        this.hooks = hooks;
        this.backoff = new AcceptBackoff(log);
        this.deadlines = new Deadlines(options.idleTimeout(), options.writeTimeout(), open);
    }

    /**
     * The session of a server whose handlers are threads of one process: one set of counters,
     * log lines named after the thread, {@code poison} closing {@code listener}, and {@code crash}
     * throwing out of the handler.
     */
    public static EchoSession forThreads(ServerOptions options, ServerSocket listener) {
        return new EchoSession(options, new Counters(), EventLog.forThreads(options), new Hooks(
                () -> closeQuietly(listener),
                () -> {
                    throw new IllegalStateException("crash requested by the client");
                }));
    }

    public EventLog log() {
        return log;
    }

    public Counters counters() {
        return counters;
    }

    /** The idle and write deadlines, and the thread that can run a server's own later. */
    public Deadlines deadlines() {
        return deadlines;
    }

    /** Says the server is about to accept, unless accept is failing: then it has said so once already. */
    public void waiting(ServerSocket listener) {
        if (!backoff.failing()) {
            log.waiting(listener.getLocalPort());
        }
    }

    /** Counts and logs a socket the server has just accepted. */
    public Connection accepted(Socket socket) {
        var connection = new Connection(socket, counters.accepted());
        open.add(connection);
        backoff.succeeded(open.size());
        log.incoming(socket, connection.number());
        return connection;
    }

    /** Takes over a connection that another process accepted and numbered (the process model's child). */
    public Connection adopted(Socket socket, long number) {
        counters.adopt(number);
        var connection = new Connection(socket, number);
        open.add(connection);
        return connection;
    }

    /**
     * Ends a connection that another process served (the process model's parent, when the child
     * is gone): counted and logged here, but its socket is left alone, because the parent closed
     * its copy at hand-over (or keeps it on purpose, to show the leaked-descriptor bug).
     */
    public void servedElsewhere(Connection connection, String ending) {
        ended(connection, ending);
    }

    /**
     * After a failed accept, waits before the next attempt (see {@link AcceptBackoff}), unless it
     * failed because the listener was closed on purpose. A connection that ends meanwhile frees a
     * descriptor, and wakes the wait.
     */
    public void acceptFailed(ServerSocket listener, IOException e) {
        if (listener.isClosed()) {
            return;
        }
        Duration wait = backoff.failed(e, open.size());
        synchronized (openChanged) {
            try {
                TimeUnit.NANOSECONDS.timedWait(openChanged, wait.toNanos());
            } catch (InterruptedException stopping) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Answers {@code ERR busy} and closes: the server is at its limit. */
    public void refuseBusy(Connection connection, String limit) {
        log.busy(connection.number(), limit);
        try {
            send(connection.socket().getOutputStream(), "ERR busy\n".getBytes(StandardCharsets.US_ASCII));
            discardArrived(connection.socket().getInputStream());
        } catch (IOException peerGoneAlready) {
            // The client left before hearing why; nothing is lost that it was waiting for.
        }
        finish(connection, "refused: busy");
    }

    /** Serves one connection to its end. Never throws: a handler's failure ends only its connection. */
    public void serve(Connection connection) {
        String ending;
        try {
            log.receiving(connection.number());
            ending = converse(connection);
        } catch (IOException e) {
            ending = ending(connection, e);
        } catch (RuntimeException e) {
            log.crashed(connection.number(), e);
            ending = "handler crashed";
        }
        finish(connection, ending);
    }

    /** How a conversation that failed with {@code e} ended, counted where a counter says so. */
    private String ending(Connection connection, IOException e) {
        if (connection.cutBecause() != null) {
            // The server closed it under the handler (a deadline, or a stop): what failed is the consequence.
            return connection.cutBecause();
        }
        if (e instanceof PeerGone gone) {
            long number = counters.pipeFailure(gone.kind());
            log.pipeFailure(number, connection.number(), gone.kind(), gone.getMessage());
            return "peer gone: " + gone.getMessage();
        }
        if (e instanceof SocketTimeoutException) {
            return deadlines.idleEnding();
        }
        if (PeerGone.classify(e) instanceof PeerGone) {
            // A write failure was classified in send(): this is a read that found the reset.
            counters.readReset();
            return "reset by the client";
        }
        return "error: " + e.getMessage();
    }

    private void finish(Connection connection, String ending) {
        if (connection.abandoned()) {
            forget(connection);
        } else {
            connection.close();
            ended(connection, ending);
        }
    }

    /** Counts and logs the end of a connection, once, and stops waiting for it. */
    private void ended(Connection connection, String ending) {
        if (connection.markEnded()) {
            counters.closed();
            log.closed(connection.number(), ending);
        }
        forget(connection);
    }

    /** No longer an open connection: a stopping server stops waiting for it. */
    private void forget(Connection connection) {
        open.remove(connection);
        synchronized (openChanged) {
            openChanged.notifyAll();
        }
    }

    /** Reads lines and answers them until the conversation ends; returns how it ended. */
    private String converse(Connection connection) throws IOException {
        Socket socket = connection.socket();
        // One write per reply, sent at once: without this, Nagle's algorithm can hold a reply
        // back until the client's delayed ACK, 40 ms on Linux.
        socket.setTcpNoDelay(true);
        var in = deadlines.lineInput(socket);
        var lines = new LineReader(in, options.maxLine(), counters);
        var out = deadlines.timesWrites() ? connection.timedOutput() : socket.getOutputStream();
        while (true) {
            in.restart();
            switch (lines.next()) {
                case END -> {
                    return "client closed";
                }
                case TAIL -> {
                    // Half-close mid-line: the bytes after the last terminator come back as they are.
                    send(out, lines.buffer(), lines.lineStart(), lines.contentLength());
                    return "client half-closed, " + lines.contentLength() + " trailing bytes echoed";
                }
                case TOO_LONG -> {
                    send(out, "ERR line too long\n".getBytes(StandardCharsets.US_ASCII));
                    lingeringClose(socket);
                    return "line longer than " + options.maxLine() + " bytes";
                }
                case LINE -> {
                    String ending = answer(connection, lines, in, out);
                    if (ending != null) {
                        return ending;
                    }
                }
            }
        }
    }

    /** Answers one line; returns null to go on, or how the conversation ended. */
    private String answer(Connection connection, LineReader lines, Deadlines.LineInput in, OutputStream out)
            throws IOException {
        String line = lines.contentLength() <= LONGEST_COMMAND
                ? new String(lines.buffer(), lines.lineStart(), lines.contentLength(), StandardCharsets.ISO_8859_1)
                : "";
        int space = line.indexOf(' ');
        String argument = space < 0 ? null : line.substring(space + 1);
        String eol = lines.crlf() ? "\r\n" : "\n";

        switch (command(line, space, options.faults())) {
            case "help" -> reply(out, eol, "commands: " + String.join(" ", commandNames()));
            case "ping" -> reply(out, eol, "pong");
            case "whoami" -> reply(out, eol, "server=" + options.kind() + " pid=" + EventLog.pid()
                    + " thread=" + Thread.currentThread().getName() + " conn=" + connection.number());
            case "stats" -> reply(out, eol, stats());
            case "exit", "quit" -> {
                reply(out, eol, "bye");
                return "server closed first (" + line + ")";
            }
            case "sleep" -> {
                Integer ms = number(argument, MAX_SLEEP_MS);
                if (ms != null) {
                    sleep(ms);
                }
                reply(out, eol, sleepReply(ms));
            }
            case "spin" -> {
                Integer ms = number(argument, MAX_SPIN_MS);
                if (ms != null) {
                    spin(ms);
                }
                reply(out, eol, spinReply(ms));
            }
            case "stream" -> {
                return stream(connection, in, out, eol, argument);
            }
            case "poison", "leak", "rst", "hang", "crash" -> {
                return fault(connection, line, in, out, eol);
            }
            default -> send(out, lines.buffer(), lines.lineStart(), lines.wholeLength());
        }
        return null;
    }

    /**
     * The command a line stands for, or "" for a line to echo. Commands are whole lines in lower
     * case; only sleep, spin and stream take arguments (and answer ERR when these are wrong);
     * fault commands exist only with --faults.
     */
    private static String command(String line, int space, boolean faults) {
        String name = space < 0 ? line : line.substring(0, space);
        if (space >= 0 && !WITH_ARGUMENTS.contains(name)) {
            return "";
        }
        if (FAULTS.contains(name) && !faults) {
            return "";
        }
        return name;
    }

    private static String sleepReply(Integer ms) {
        return ms == null ? "ERR sleep takes milliseconds from 0 to " + MAX_SLEEP_MS : "slept " + ms;
    }

    private static String spinReply(Integer ms) {
        return ms == null ? "ERR spin takes milliseconds from 0 to " + MAX_SPIN_MS : "spun " + ms;
    }

    /**
     * The reply, without its line end, that every server gives {@code line} at any time when run
     * without {@code --faults}: {@code pong}, {@code slept}/{@code spun} or their {@code ERR},
     * or the line itself; empty for the commands whose reply varies or ends the conversation
     * (help, whoami, stats, stream, exit, quit). What a load generator checks byte for byte.
     */
    public static Optional<String> predictableReply(String line) {
        if (line.length() > LONGEST_COMMAND) {
            return Optional.of(line);
        }
        int space = line.indexOf(' ');
        String argument = space < 0 ? null : line.substring(space + 1);
        return switch (command(line, space, false)) {
            case "ping" -> Optional.of("pong");
            case "sleep" -> Optional.of(sleepReply(number(argument, MAX_SLEEP_MS)));
            case "spin" -> Optional.of(spinReply(number(argument, MAX_SPIN_MS)));
            case "help", "whoami", "stats", "stream", "exit", "quit" -> Optional.empty();
            default -> Optional.of(line);
        };
    }

    private List<String> commandNames() {
        if (!options.faults()) {
            return COMMANDS;
        }
        var names = new java.util.ArrayList<>(COMMANDS);
        names.addAll(FAULTS);
        return names;
    }

    public String stats() {
        return "server=" + options.kind() + " pid=" + EventLog.pid() + " " + counters.describe();
    }

    /**
     * {@code stream <bytes> [<chunk>]}: the pattern in chunks, then a half-close of our side.
     * The client may still send; we read and discard until it closes too.
     */
    private String stream(Connection connection, Deadlines.LineInput in, OutputStream out, String eol, String argument)
            throws IOException {
        String[] parts = argument == null ? new String[0] : argument.split(" ", -1);
        Long bytes = parts.length >= 1 && parts.length <= 2 && NUMBER.matcher(parts[0]).matches()
                ? Long.parseLong(parts[0]) : null;
        Integer chunk = parts.length == 2 ? number(parts[1], MAX_STREAM_CHUNK) : Integer.valueOf(DEFAULT_STREAM_CHUNK);
        if (bytes == null || bytes > MAX_STREAM_BYTES || chunk == null || chunk == 0) {
            reply(out, eol, "ERR stream takes <bytes> from 0 to " + MAX_STREAM_BYTES
                    + " and an optional <chunk> from 1 to " + MAX_STREAM_CHUNK);
            return null;
        }
        byte[] buffer = new byte[(int) Math.min(chunk, Math.max(bytes, 1))];
        for (long sent = 0; sent < bytes; ) {
            int n = (int) Math.min(buffer.length, bytes - sent);
            StreamPattern.fill(buffer, n, sent);
            send(out, buffer, 0, n);
            sent += n;
        }
        connection.socket().shutdownOutput();
        discardUntilEnd(in);
        return "streamed " + bytes + " bytes, then half-closed";
    }

    private String fault(Connection connection, String fault, Deadlines.LineInput in, OutputStream out, String eol)
            throws IOException {
        Socket socket = connection.socket();
        switch (fault) {
            case "poison" -> {
                reply(out, eol, "poisoned");
                log.fault(connection.number(), fault, "listening socket closed; open connections go on");
                hooks.poison().run();
                return null;
            }
            case "leak" -> {
                reply(out, eol, "leaking");
                log.fault(connection.number(), fault, "connection abandoned: never read, never closed");
                connection.abandon();
                leaked.add(connection);
                return "leaked";
            }
            case "rst" -> {
                log.fault(connection.number(), fault, "closing with RST (SO_LINGER 0)");
                socket.setSoLinger(true, 0);
                return "reset by fault";
            }
            case "hang" -> {
                log.fault(connection.number(), fault, "no more replies; reading until the client closes");
                discardUntilEnd(in);
                return "hung until the client closed";
            }
            default -> {
                log.fault(connection.number(), fault, "handler dies abruptly");
                hooks.crash().run();
                return "crash hook returned";
            }
        }
    }

    /** Sends an error reply and makes sure the client can read it before the connection goes. */
    private void lingeringClose(Socket socket) throws IOException {
        // Closing with unread input makes the kernel send RST, and a client still sending could
        // lose our reply. Half-close first, then drain what arrives for a bounded time.
        socket.shutdownOutput();
        long deadline = System.nanoTime() + LINGER.toNanos();
        socket.setSoTimeout((int) LINGER.toMillis());
        InputStream in = socket.getInputStream();
        byte[] sink = new byte[8192];
        try {
            int n;
            while (System.nanoTime() < deadline && (n = in.read(sink)) >= 0) {
                counters.bytesIn(n);
            }
        } catch (IOException gaveUp) {
            // Timed out or reset: either way we have done what we could for the reply.
        }
    }

    /**
     * Drops what the client has sent so far, without waiting for more: closing a socket with
     * unread input makes the kernel answer with RST instead of FIN, and a client that sent its
     * request while it waited (a queued connection) would see a reset after ERR busy instead of
     * an orderly end.
     */
    private void discardArrived(InputStream in) throws IOException {
        byte[] sink = new byte[8192];
        int arrived;
        while ((arrived = in.available()) > 0) {
            int n = in.read(sink, 0, Math.min(sink.length, arrived));
            if (n < 0) {
                return;
            }
            counters.bytesIn(n);
        }
    }

    /** Reads and drops what the client still sends until it closes, within one idle deadline. */
    private void discardUntilEnd(Deadlines.LineInput in) throws IOException {
        in.restart();
        byte[] sink = new byte[8192];
        int n;
        while ((n = in.read(sink)) >= 0) {
            counters.bytesIn(n);
        }
    }

    private void reply(OutputStream out, String eol, String text) throws IOException {
        send(out, (text + eol).getBytes(StandardCharsets.ISO_8859_1));
    }

    private void send(OutputStream out, byte[] bytes) throws IOException {
        send(out, bytes, 0, bytes.length);
    }

    private void send(OutputStream out, byte[] bytes, int offset, int length) throws IOException {
        try {
            out.write(bytes, offset, length);
        } catch (IOException e) {
            throw PeerGone.classify(e);
        }
        counters.bytesOut(length);
    }

    /** Parses a strict decimal argument: digits only, within {@code [0, max]}; null otherwise. */
    private static Integer number(String argument, int max) {
        if (argument == null || !NUMBER.matcher(argument).matches()) {
            return null;
        }
        long value = Long.parseLong(argument);
        return value <= max ? (int) value : null;
    }

    private static void sleep(int ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Burns CPU for {@code ms} milliseconds on this thread. */
    /**
     * Keeps a CPU busy for {@code ms} of this thread's CPU time, not of the wall clock: with more
     * runnable threads than cores a thread is off the CPU part of the time, and four {@code spin
     * 2000} on two cores timed by the wall clock would all be answered after two seconds, as if
     * threads made CPU time. A virtual thread has no CPU clock of its own (the JDK answers -1);
     * it is never preempted while it spins, so it holds its carrier, one of as many as there are
     * cores, and there the wall clock is its CPU time.
     */
    private static void spin(int ms) {
        long budget = TimeUnit.MILLISECONDS.toNanos(ms);
        long start = ThreadCpu.now();
        long x = 0;
        if (start < 0) {
            long deadline = System.nanoTime() + budget;
            while (System.nanoTime() < deadline) {
                x = x * 31 + 7;
            }
        } else {
            while (ThreadCpu.now() - start < budget) {
                for (int i = 0; i < 10_000; i++) {
                    x = x * 31 + 7;
                }
            }
        }
        if (x == 42) {
            Thread.onSpinWait();
        }
    }

    /** The current thread's CPU time; a class of its own so that only a spin loads java.management. */
    private static final class ThreadCpu {
        private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();

        static long now() {
            return THREADS.getCurrentThreadCpuTime();
        }
    }

    /**
     * Stops the server: closes {@code listener}, then shuts down every connection's input so that
     * idle handlers see end of stream and finish, gives those still busy {@link #GRACE} to do so,
     * and closes the rest, counting each as closed and as forced (as it counts the connections a
     * {@code leak} fault abandoned, which the exit closes). Prints the counters last.
     */
    public void stop(ServerSocket listener) {
        closeQuietly(listener);
        open.forEach(Connection::shutdownInput);
        long deadline = System.nanoTime() + GRACE.toNanos();
        synchronized (openChanged) {
            long left;
            while (!open.isEmpty() && (left = deadline - System.nanoTime()) > 0) {
                try {
                    TimeUnit.NANOSECONDS.timedWait(openChanged, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        for (Connection connection : List.copyOf(open)) {
            forceClose(connection, "still open " + GRACE.toMillis() + " ms after the server began to stop");
        }
        for (Connection connection : leaked) {
            forceClose(connection, "leaked, closed as the server stops");
        }
        log.stopped(counters);
        log.flush();
    }

    private void forceClose(Connection connection, String why) {
        if (connection.markEnded()) {
            connection.cut(why);
            counters.closed();
            counters.forced();
            log.closed(connection.number(), "forced: " + why);
        }
        forget(connection);
    }

    /** Waits until no connection is open: how a poisoned server ends. */
    public void awaitNoConnections() {
        synchronized (openChanged) {
            while (!open.isEmpty()) {
                try {
                    openChanged.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private static void closeQuietly(java.io.Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException ignored) {
            // Closing the listener fails only if it is already closed.
        }
    }
}
