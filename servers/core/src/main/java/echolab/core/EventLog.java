package echolab.core;

import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What a server prints: one line per event, worded like the C lab's server (spelled right), or
 * with {@code --json} the same events as one JSON object per line.
 */
public final class EventLog {
    private final String kind;
    private final boolean json;
    private final boolean debug;
    private final Supplier<String> handlerName;
    private final PrintStream out;

    /**
     * @param handlerName names whoever serves the current connection in log lines: the thread
     *                    in the thread servers, {@code child <pid>} in the process model
     */
    public EventLog(ServerOptions options, Supplier<String> handlerName, PrintStream out) {
        this.kind = options.kind();
        this.json = options.json();
        this.debug = options.debug();
        this.handlerName = handlerName;
        this.out = out;
    }

    /** A log for the thread servers: each connection's lines are named after its thread. */
    public static EventLog forThreads(ServerOptions options) {
        return new EventLog(options, () -> Thread.currentThread().getName(), System.out);
    }

    public boolean debug() {
        return debug;
    }

    public void listening(ServerSocket listener) {
        var local = (InetSocketAddress) listener.getLocalSocketAddress();
        String host = local.getAddress().getHostAddress();
        emit("listening", "listening on " + hostPort(host, local.getPort()) + " (server=" + kind + " pid=" + pid() + ")",
                Map.of("host", host, "port", local.getPort()));
    }

    public void waiting(int port) {
        emit("waiting", "Parent: waiting for incoming connections at port " + port, Map.of("port", port));
    }

    public void incoming(Socket socket, long conn) {
        var remote = (InetSocketAddress) socket.getRemoteSocketAddress();
        String host = remote.getAddress().getHostAddress();
        emit("incoming", "Parent: incoming connection from " + host + " remote port " + remote.getPort(),
                Map.of("conn", conn, "remote", host, "remote_port", remote.getPort()));
    }

    public void receiving(long conn) {
        String handler = handlerName.get();
        emit("receiving", handler + ": receiving data (conn " + conn + ")", Map.of("conn", conn, "handler", handler));
    }

    public void closed(long conn, String reason) {
        String handler = handlerName.get();
        emit("closed", handler + ": connection " + conn + " closed (" + reason + ")",
                Map.of("conn", conn, "handler", handler, "reason", reason));
    }

    public void busy(long conn, String limit) {
        emit("busy", "Parent: busy, connection " + conn + " refused with ERR busy (" + limit + ")",
                Map.of("conn", conn, "limit", limit));
    }

    /** The broken-pipe line of PROTOCOL.md, the C lab's SIGPIPE handler message with context. */
    public void pipeFailure(long number, long conn, Counters.PipeFailure kind, String message) {
        emit("pipe_failure", "OOPS! Pipe failure number " + number + " on process " + pid()
                        + " (server=" + this.kind + " conn=" + conn + ": " + message + ")",
                Map.of("number", number, "conn", conn, "kind", kind.name().toLowerCase(), "message", message));
    }

    public void fault(long conn, String fault, String effect) {
        String handler = handlerName.get();
        emit("fault", handler + ": fault '" + fault + "' on connection " + conn + ": " + effect,
                Map.of("conn", conn, "handler", handler, "fault", fault, "effect", effect));
    }

    public void crashed(long conn, Throwable cause) {
        String handler = handlerName.get();
        emit("crash", handler + ": handler crashed on connection " + conn + ": " + cause,
                Map.of("conn", conn, "handler", handler, "error", cause.toString()));
        if (debug) {
            cause.printStackTrace(out);
        }
    }

    /** A failure that is not the peer's doing: logged in one line, with the stack trace under --debug. */
    public void error(String what, Throwable cause) {
        emit("error", what + ": " + cause, Map.of("what", what, "error", String.valueOf(cause)));
        if (debug) {
            cause.printStackTrace(out);
        }
    }

    public void stopped(Counters counters) {
        emit("stopped", "stopped: server=" + kind + " pid=" + pid() + " " + counters.describe(),
                Map.of("counters", counters.describe()));
    }

    /** Any other event: a module's own, in the same two formats. */
    public void emit(String event, String human, Map<String, ?> fields) {
        if (!json) {
            out.println(human);
            return;
        }
        var object = new LinkedHashMap<String, Object>();
        object.put("time", Instant.now().toString());
        object.put("event", event);
        object.put("server", kind);
        object.put("pid", pid());
        object.putAll(fields);
        out.println(Json.write(object));
    }

    public void flush() {
        out.flush();
    }

    public static long pid() {
        return ProcessHandle.current().pid();
    }

    private static String hostPort(String host, int port) {
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }
}
