package echolab.core;

import java.io.PrintStream;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
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
        String host = address(local.getAddress());
        emit("listening", "listening on " + hostPort(host, local.getPort()) + " (server=" + kind + " pid=" + pid() + ")",
                Map.of("host", host, "port", local.getPort()));
    }

    public void waiting(int port) {
        emit("waiting", "Parent: waiting for incoming connections at port " + port, Map.of("port", port));
    }

    public void incoming(Socket socket, long conn) {
        var remote = (InetSocketAddress) socket.getRemoteSocketAddress();
        String host = address(remote.getAddress());
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

    /** {@code accept} has started to fail: said once, not once per attempt (see {@link AcceptBackoff}). */
    public void acceptFailing(String reason, int serving, Duration longestWait) {
        emit("accept_failing", "accept failing: " + reason + "; still serving " + count(serving, "connection")
                        + " (backing off, at most " + longestWait.toMillis() + " ms between attempts)",
                Map.of("reason", reason, "serving", serving));
    }

    public void acceptStillFailing(String reason, long attempts, Duration failingFor, int serving) {
        emit("accept_failing", "accept failing: " + reason + " (" + count(attempts, "attempt") + " in "
                        + seconds(failingFor) + "); still serving " + count(serving, "connection"),
                Map.of("reason", reason, "attempts", attempts, "seconds", failingFor.toMillis() / 1000.0, "serving", serving));
    }

    public void acceptRecovered(String reason, long attempts, Duration failingFor, int serving) {
        emit("accept_recovered", "accept recovered after " + count(attempts, "failed attempt") + " in "
                        + seconds(failingFor) + " (" + reason + "); serving " + count(serving, "connection"),
                Map.of("reason", reason, "attempts", attempts, "seconds", failingFor.toMillis() / 1000.0, "serving", serving));
    }

    public void stopped(Counters counters) {
        emit("stopped", "stopped: server=" + kind + " pid=" + pid() + " " + counters.summary(),
                Map.of("counters", counters.summary()));
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

    /** An address as people write it: {@code 127.0.0.1}, {@code ::1} (not {@code 0:0:0:0:0:0:0:1}). */
    public static String address(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return address.getHostAddress();
        }
        // RFC 5952: the longest run of two or more zero groups becomes "::" (the first, on a tie).
        byte[] bytes = address.getAddress();
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((bytes[2 * i] & 0xff) << 8) | (bytes[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = Math.max(j, i + 1);
        }
        var text = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                text.append(i == 0 ? "::" : ":");
                i += bestLength - 1;
                continue;
            }
            text.append(Integer.toHexString(groups[i]));
            if (i < 7) {
                text.append(':');
            }
        }
        return text.toString();
    }

    /** {@code 1 connection}, {@code 1,234 connections}. */
    private static String count(long n, String noun) {
        return String.format("%,d", n) + " " + noun + (n == 1 ? "" : "s");
    }

    private static String seconds(Duration duration) {
        return String.format("%,.1f s", duration.toMillis() / 1000.0);
    }

    private static String hostPort(String host, int port) {
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }
}
