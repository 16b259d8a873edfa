package echolab.conformance;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import echolab.core.StreamPattern;

/**
 * PROTOCOL.md as a function: the bytes a server sends back, and then closes, when a client sends
 * {@code sent} and half-closes. Written from the protocol document, for whole byte arrays, so that
 * it shares no code with the servers' streaming implementation it checks. Commands whose reply
 * varies ({@code whoami}, {@code stats}) and the fault commands are outside it.
 */
final class ProtocolModel {
    static final String HELP = "commands: help ping whoami stats sleep spin stream exit quit";
    private static final byte[] TOO_LONG = "ERR line too long\n".getBytes(StandardCharsets.US_ASCII);

    private ProtocolModel() {
    }

    static byte[] replies(byte[] sent, int maxLine) {
        var out = new ByteArrayOutputStream();
        int start = 0;
        while (true) {
            int newline = indexOf(sent, (byte) '\n', start);
            if (newline < 0) {
                // What follows the last LF comes back as it is, unless it is itself too long a line.
                int tail = sent.length - start;
                out.writeBytes(tail > maxLine ? TOO_LONG : Arrays.copyOfRange(sent, start, sent.length));
                return out.toByteArray();
            }
            boolean crlf = newline > start && sent[newline - 1] == '\r';
            int contentEnd = crlf ? newline - 1 : newline;
            if (contentEnd - start > maxLine) {
                out.writeBytes(TOO_LONG);
                return out.toByteArray();
            }
            String line = new String(sent, start, contentEnd - start, StandardCharsets.ISO_8859_1);
            String eol = crlf ? "\r\n" : "\n";
            Reply reply = answer(line);
            if (reply.streamBytes() >= 0) {
                byte[] pattern = new byte[(int) reply.streamBytes()];
                StreamPattern.fill(pattern, pattern.length, 0);
                out.writeBytes(pattern);
            } else if (reply.text() == null) {
                out.write(sent, start, newline + 1 - start);
            } else {
                out.writeBytes((reply.text() + eol).getBytes(StandardCharsets.ISO_8859_1));
            }
            if (reply.ends()) {
                return out.toByteArray();
            }
            start = newline + 1;
        }
    }

    /**
     * The reply to one line: its text without terminator (null to echo the line), or the number
     * of stream bytes sent instead (-1 for none), and whether the server closes after it.
     */
    private record Reply(String text, long streamBytes, boolean ends) {
        static Reply of(String text) {
            return new Reply(text, -1, false);
        }
    }

    private static Reply answer(String line) {
        if (line.equals("help")) {
            return Reply.of(HELP);
        }
        if (line.equals("ping")) {
            return Reply.of("pong");
        }
        if (line.equals("exit") || line.equals("quit")) {
            return new Reply("bye", -1, true);
        }
        if (line.equals("sleep") || line.startsWith("sleep ")) {
            Long ms = number(line.substring(Math.min(line.length(), 6)), line.length() > 5, 60_000);
            return Reply.of(ms == null ? "ERR sleep takes milliseconds from 0 to 60000" : "slept " + ms);
        }
        if (line.equals("spin") || line.startsWith("spin ")) {
            Long ms = number(line.substring(Math.min(line.length(), 5)), line.length() > 4, 10_000);
            return Reply.of(ms == null ? "ERR spin takes milliseconds from 0 to 10000" : "spun " + ms);
        }
        if (line.equals("stream") || line.startsWith("stream ")) {
            return stream(line.length() > 6 ? line.substring(7) : null);
        }
        return Reply.of(null);
    }

    /** {@code stream <bytes> [<chunk>]}: the pattern and a close, or an ERR and the connection goes on. */
    private static Reply stream(String arguments) {
        String[] parts = arguments == null ? new String[0] : arguments.split(" ", -1);
        Long bytes = parts.length >= 1 && parts.length <= 2 ? number(parts[0], true, 1L << 30) : null;
        Long chunk = parts.length == 2 ? number(parts[1], true, 1 << 20) : Long.valueOf(1024);
        if (bytes == null || chunk == null || chunk == 0) {
            return Reply.of("ERR stream takes <bytes> from 0 to 1073741824 and an optional <chunk> from 1 to 1048576");
        }
        // The stream is the reply: the bytes, then the server's half-close.
        return new Reply(null, bytes, true);
    }

    /** One to ten decimal digits, nothing else, at most {@code max}; null otherwise. */
    private static Long number(String text, boolean present, long max) {
        if (!present || text.isEmpty() || text.length() > 10 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return null;
        }
        long value = Long.parseLong(text);
        return value <= max ? value : null;
    }

    private static int indexOf(byte[] bytes, byte wanted, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == wanted) {
                return i;
            }
        }
        return -1;
    }
}
