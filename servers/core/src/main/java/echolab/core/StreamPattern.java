package echolab.core;

import java.nio.charset.StandardCharsets;

/**
 * The bytes that {@code stream} sends: a printable line repeated, so that {@code nc} shows
 * something readable and a client can check every byte at any offset.
 */
public final class StreamPattern {
    private static final byte[] LINE =
            "echolab stream 0123456789 abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ\n"
                    .getBytes(StandardCharsets.US_ASCII);

    private StreamPattern() {
    }

    /** The byte at {@code offset} from the start of the stream. */
    public static byte at(long offset) {
        return LINE[(int) (offset % LINE.length)];
    }

    /** Fills {@code buffer[0, length)} with the pattern starting at stream offset {@code offset}. */
    public static void fill(byte[] buffer, int length, long offset) {
        int from = (int) (offset % LINE.length);
        int filled = 0;
        while (filled < length) {
            int n = Math.min(LINE.length - from, length - filled);
            System.arraycopy(LINE, from, buffer, filled, n);
            filled += n;
            from = 0;
        }
    }

    /** Returns the number of bytes in {@code buffer[0, length)} that do not match the pattern at {@code offset}. */
    public static int mismatches(byte[] buffer, int length, long offset) {
        int bad = 0;
        for (int i = 0; i < length; i++) {
            if (buffer[i] != at(offset + i)) {
                bad++;
            }
        }
        return bad;
    }
}
