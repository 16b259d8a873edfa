package echolab.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

import org.junit.jupiter.api.Test;

class LineReaderTest {

    /** Hands out the given pieces, one per read call, as a socket delivers segments. */
    private static final class Pieces extends InputStream {
        private final Deque<byte[]> pieces = new ArrayDeque<>();
        private int reads;

        Pieces(String... pieces) {
            for (String piece : pieces) {
                this.pieces.add(piece.getBytes(StandardCharsets.ISO_8859_1));
            }
        }

        @Override
        public int read() {
            throw new UnsupportedOperationException("LineReader reads in blocks");
        }

        @Override
        public int read(byte[] b, int off, int len) {
            reads++;
            byte[] piece = pieces.poll();
            if (piece == null) {
                return -1;
            }
            int n = Math.min(len, piece.length);
            System.arraycopy(piece, 0, b, off, n);
            if (n < piece.length) {
                pieces.addFirst(java.util.Arrays.copyOfRange(piece, n, piece.length));
            }
            return n;
        }
    }

    private static LineReader reader(int maxLine, String... pieces) {
        return new LineReader(new Pieces(pieces), maxLine, new Counters());
    }

    private static String content(LineReader lines) {
        return new String(lines.buffer(), lines.lineStart(), lines.contentLength(), StandardCharsets.ISO_8859_1);
    }

    @Test
    void splitsAtLfAndRemembersCrlf() throws IOException {
        var lines = reader(100, "unix\ndos\r\n");
        assertEquals(LineReader.Kind.LINE, lines.next());
        assertEquals("unix", content(lines));
        assertFalse(lines.crlf());
        assertEquals(5, lines.wholeLength());
        assertEquals(LineReader.Kind.LINE, lines.next());
        assertEquals("dos", content(lines));
        assertTrue(lines.crlf());
        assertEquals(5, lines.wholeLength());
        assertEquals(LineReader.Kind.END, lines.next());
    }

    @Test
    void aCrInsideALineIsContent() throws IOException {
        var lines = reader(100, "a\rb\n");
        assertEquals(LineReader.Kind.LINE, lines.next());
        assertEquals("a\rb", content(lines));
        assertFalse(lines.crlf());
    }

    @Test
    void joinsALineSplitAcrossReadsIncludingBetweenCrAndLf() throws IOException {
        var lines = reader(100, "he", "llo\r", "\nwor", "ld\n");
        assertEquals(LineReader.Kind.LINE, lines.next());
        assertEquals("hello", content(lines));
        assertTrue(lines.crlf());
        assertEquals(LineReader.Kind.LINE, lines.next());
        assertEquals("world", content(lines));
        assertEquals(LineReader.Kind.END, lines.next());
    }

    @Test
    void anEmptyLineIsALine() throws IOException {
        var lines = reader(100, "\n\r\n");
        assertEquals(LineReader.Kind.LINE, lines.next());
        assertEquals(0, lines.contentLength());
        assertEquals(LineReader.Kind.LINE, lines.next());
        assertEquals(0, lines.contentLength());
        assertTrue(lines.crlf());
        assertEquals(LineReader.Kind.END, lines.next());
    }

    @Test
    void acceptsALineOfExactlyMaxLineWithEitherTerminator() throws IOException {
        String max = "m".repeat(600);
        var lines = reader(600, max + "\n", max + "\r\n");
        assertEquals(LineReader.Kind.LINE, lines.next());
        assertEquals(max, content(lines));
        assertEquals(LineReader.Kind.LINE, lines.next());
        assertEquals(max, content(lines));
        assertTrue(lines.crlf());
    }

    @Test
    void refusesALineOneByteOverMaxLineWhetherOrNotItsEndArrived() throws IOException {
        String over = "o".repeat(601);
        assertEquals(LineReader.Kind.TOO_LONG, reader(600, over + "\n").next());
        assertEquals(LineReader.Kind.TOO_LONG, reader(600, over + "\r\n").next());
        assertEquals(LineReader.Kind.TOO_LONG, reader(600, over, "o".repeat(1000)).next());
    }

    @Test
    void neverBuffersMoreThanMaxLinePlusATerminator() throws IOException {
        var endless = new InputStream() {
            @Override
            public int read() {
                return 'z';
            }

            @Override
            public int read(byte[] b, int off, int len) {
                java.util.Arrays.fill(b, off, off + len, (byte) 'z');
                return len;
            }
        };
        var lines = new LineReader(endless, 10_000, new Counters());
        assertEquals(LineReader.Kind.TOO_LONG, lines.next());
        assertTrue(lines.buffer().length <= 10_002, "buffer of " + lines.buffer().length);
    }

    @Test
    void startsSmallAndGrowsOnlyForALongLine() throws IOException {
        String longLine = "g".repeat(5000);
        var lines = reader(65_536, "short\n", longLine + "\n");
        assertEquals(LineReader.Kind.LINE, lines.next());
        assertTrue(lines.buffer().length <= 512, "an idle connection costs " + lines.buffer().length);
        assertEquals(LineReader.Kind.LINE, lines.next());
        assertEquals(longLine, content(lines));
        assertTrue(lines.buffer().length >= 5001);
    }

    @Test
    void returnsTheBytesAfterTheLastTerminatorAsATail() throws IOException {
        var lines = reader(100, "a\nb\nta", "il");
        assertEquals(LineReader.Kind.LINE, lines.next());
        assertEquals(LineReader.Kind.LINE, lines.next());
        assertEquals(LineReader.Kind.TAIL, lines.next());
        assertEquals("tail", content(lines));
        assertEquals(4, lines.wholeLength());
    }

    /** Found by the protocol's property test: a tail of maxLine + 1 bytes was echoed. */
    @Test
    void refusesATailOneByteOverMaxLineAndAcceptsOneOfExactlyMaxLine() throws IOException {
        assertEquals(LineReader.Kind.TOO_LONG, reader(600, "t".repeat(601)).next());
        var exact = reader(600, "t".repeat(600));
        assertEquals(LineReader.Kind.TAIL, exact.next());
        assertEquals(600, exact.contentLength());
    }

    @Test
    void endsAtEndOfStreamWithNothing() throws IOException {
        assertEquals(LineReader.Kind.END, reader(100).next());
    }

    @Test
    void countsEveryByteRead() throws IOException {
        var counters = new Counters();
        var lines = new LineReader(new Pieces("abc\n", "de"), 100, counters);
        assertEquals(LineReader.Kind.LINE, lines.next());
        assertEquals(LineReader.Kind.TAIL, lines.next());
        assertTrue(counters.describe().contains("bytes_in=6"), counters.describe());
    }

    @Test
    void contentEqualsComparesTheLineBytes() throws IOException {
        var lines = reader(100, "ping\r\n");
        lines.next();
        assertTrue(lines.contentEquals("ping".getBytes(StandardCharsets.US_ASCII)));
        assertFalse(lines.contentEquals("pin".getBytes(StandardCharsets.US_ASCII)));
        assertFalse(lines.contentEquals("ping\r".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void readsManyLinesFromOneBlockWithoutExtraReads() throws IOException {
        var input = new Pieces(String.join("", List.of("1\n", "2\n", "3\n")));
        var lines = new LineReader(input, 100, new Counters());
        for (int i = 0; i < 3; i++) {
            assertEquals(LineReader.Kind.LINE, lines.next());
        }
        assertEquals(1, input.reads);
    }
}
