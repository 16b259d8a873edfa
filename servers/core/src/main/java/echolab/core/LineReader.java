package echolab.core;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Binary-safe line framing: splits a byte stream at LF, remembers whether each line ended with
 * CRLF, and never holds more than {@code maxLine} plus a terminator, whatever the peer sends.
 *
 * <p>The buffer starts small and grows only for long lines, because an idle connection should
 * cost a few hundred bytes, not {@code maxLine}: the virtual-thread server holds ten thousand.
 */
public final class LineReader {
    private static final int INITIAL_CAPACITY = 512;

    /** What {@link #next()} found. */
    public enum Kind {
        /** A whole line: content, then CRLF or LF. */
        LINE,
        /** End of stream with bytes after the last terminator (a half-close mid-line). */
        TAIL,
        /** End of stream at a line boundary. */
        END,
        /** More than {@code maxLine} bytes without a terminator. */
        TOO_LONG
    }

    private final InputStream in;
    private final int maxLine;
    private final Counters counters;
    private byte[] buffer = new byte[INITIAL_CAPACITY];
    private int start;
    private int end;
    private int scanned;

    private int lineStart;
    private int contentLength;
    private int terminatorLength;

    public LineReader(InputStream in, int maxLine, Counters counters) {
        this.in = in;
        this.maxLine = maxLine;
        this.counters = counters;
    }

    /** Reads until the next line, tail, end or overflow; the accessors then describe it. */
    public Kind next() throws IOException {
        while (true) {
            for (int i = scanned; i < end; i++) {
                if (buffer[i] == '\n') {
                    return line(i);
                }
            }
            scanned = end;
            if (end - start >= maxLine + 2) {
                return Kind.TOO_LONG;
            }
            makeRoom();
            int n = in.read(buffer, end, buffer.length - end);
            if (n < 0) {
                lineStart = start;
                contentLength = end - start;
                terminatorLength = 0;
                start = end;
                if (contentLength > maxLine) {
                    // A tail has no terminator to allow for: one byte over maxLine is too long, as for a line.
                    return Kind.TOO_LONG;
                }
                return contentLength == 0 ? Kind.END : Kind.TAIL;
            }
            counters.bytesIn(n);
            end += n;
        }
    }

    private Kind line(int newline) {
        boolean crlf = newline > start && buffer[newline - 1] == '\r';
        lineStart = start;
        terminatorLength = crlf ? 2 : 1;
        contentLength = newline + 1 - start - terminatorLength;
        start = newline + 1;
        scanned = start;
        return contentLength > maxLine ? Kind.TOO_LONG : Kind.LINE;
    }

    /** Moves unread bytes to the front, then grows the buffer if it is still full. */
    private void makeRoom() {
        if (start > 0) {
            System.arraycopy(buffer, start, buffer, 0, end - start);
            end -= start;
            scanned -= start;
            start = 0;
        }
        if (end == buffer.length) {
            int capacity = (int) Math.min((long) buffer.length * 2, (long) maxLine + 2);
            buffer = Arrays.copyOf(buffer, capacity);
        }
    }

    public byte[] buffer() {
        return buffer;
    }

    public int lineStart() {
        return lineStart;
    }

    public int contentLength() {
        return contentLength;
    }

    /** Length of the line including its terminator: what an echo sends back. */
    public int wholeLength() {
        return contentLength + terminatorLength;
    }

    public boolean crlf() {
        return terminatorLength == 2;
    }

    /** Whether the current line's content equals {@code text}, byte for byte. */
    public boolean contentEquals(byte[] text) {
        return Arrays.equals(buffer, lineStart, lineStart + contentLength, text, 0, text.length);
    }
}
