package echolab.clients;

import java.nio.charset.StandardCharsets;
import java.util.Set;

import echolab.core.EchoSession;
import echolab.core.UsageException;

/**
 * The request lines one connection sends and the reply each must get back, byte for byte.
 * Generated lines differ from one connection to the next, so a server that mixed up two
 * connections' bytes shows up as a mismatch and not as a lucky echo.
 */
final class Requests {
    private static final byte[] ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
            .getBytes(StandardCharsets.US_ASCII);

    /** The lines after whose {@code bye} the server closes (PROTOCOL.md): the Node lab sends {@code exit} among its messages. */
    private static final Set<String> ENDING = Set.of("exit", "quit");
    private static final byte[] BYE = "bye\n".getBytes(StandardCharsets.US_ASCII);

    private final byte[][] requests;
    private final byte[][] replies;
    private final boolean[] ending;
    private final int longestReply;

    private Requests(byte[][] requests, byte[][] replies, boolean[] ending) {
        this.requests = requests;
        this.replies = replies;
        this.ending = ending;
        int longest = 0;
        for (byte[] reply : replies) {
            longest = Math.max(longest, reply.length);
        }
        this.longestReply = longest;
    }

    static Requests forConnection(LoadOptions options, int connection) {
        if (options.messages().isEmpty()) {
            byte[] line = generated(options.payload(), connection);
            return new Requests(new byte[][] {line}, new byte[][] {line}, new boolean[1]);
        }
        int n = options.messages().size();
        var requests = new byte[n][];
        var replies = new byte[n][];
        var ending = new boolean[n];
        for (int i = 0; i < n; i++) {
            String message = options.messages().get(i);
            requests[i] = (message + "\n").getBytes(StandardCharsets.ISO_8859_1);
            ending[i] = ENDING.contains(message);
            // checkMessage let only messages with a predictable reply through.
            replies[i] = ending[i] ? BYE
                    : (EchoSession.predictableReply(message).orElseThrow() + "\n").getBytes(StandardCharsets.ISO_8859_1);
        }
        return new Requests(requests, replies, ending);
    }

    /** Rejects a message whose reply cannot be known in advance. */
    static void checkMessage(String message) {
        if (!ENDING.contains(message) && EchoSession.predictableReply(message).isEmpty()) {
            throw new UsageException("'" + message + "' cannot be load-tested: its reply varies");
        }
        if (message.indexOf('\n') >= 0 || message.indexOf('\r') >= 0) {
            throw new UsageException("a message is one line: no CR or LF inside");
        }
    }

    private static byte[] generated(int payload, int connection) {
        var line = new byte[payload];
        for (int i = 0; i < payload - 1; i++) {
            line[i] = ALPHABET[(connection + i) % ALPHABET.length];
        }
        line[payload - 1] = '\n';
        return line;
    }

    int count() {
        return requests.length;
    }

    byte[] request(int i) {
        return requests[i];
    }

    byte[] reply(int i) {
        return replies[i];
    }

    /** Whether the server closes the connection after answering request {@code i}. */
    boolean ends(int i) {
        return ending[i];
    }

    int longestReply() {
        return longestReply;
    }
}
