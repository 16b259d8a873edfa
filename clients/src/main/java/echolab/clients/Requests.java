package echolab.clients;

import java.nio.charset.StandardCharsets;

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

    private final byte[][] requests;
    private final byte[][] replies;
    private final int longestReply;

    private Requests(byte[][] requests, byte[][] replies) {
        this.requests = requests;
        this.replies = replies;
        int longest = 0;
        for (byte[] reply : replies) {
            longest = Math.max(longest, reply.length);
        }
        this.longestReply = longest;
    }

    static Requests forConnection(LoadOptions options, int connection) {
        if (options.messages().isEmpty()) {
            byte[] line = generated(options.payload(), connection);
            return new Requests(new byte[][] {line}, new byte[][] {line});
        }
        int n = options.messages().size();
        var requests = new byte[n][];
        var replies = new byte[n][];
        for (int i = 0; i < n; i++) {
            String message = options.messages().get(i);
            requests[i] = (message + "\n").getBytes(StandardCharsets.ISO_8859_1);
            // checkMessage let only messages with a predictable reply through.
            replies[i] = (EchoSession.predictableReply(message).orElseThrow() + "\n").getBytes(StandardCharsets.ISO_8859_1);
        }
        return new Requests(requests, replies);
    }

    /** Rejects a message whose reply cannot be known in advance. */
    static void checkMessage(String message) {
        if (EchoSession.predictableReply(message).isEmpty()) {
            throw new UsageException("'" + message + "' cannot be load-tested: its reply varies or ends the connection");
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

    int longestReply() {
        return longestReply;
    }
}
