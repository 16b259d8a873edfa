package echolab.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class StreamPatternTest {
    private static final String LINE = "echolab stream 0123456789 abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ\n";

    @Test
    void isAPrintableLineRepeated() {
        byte[] buffer = new byte[LINE.length() * 2 + 5];
        StreamPattern.fill(buffer, buffer.length, 0);
        assertEquals(LINE + LINE + "echol", new String(buffer, StandardCharsets.US_ASCII));
    }

    @Test
    void atAgreesWithFillAtEveryOffsetIncludingPastFourGibibytes() {
        for (long start : new long[] {0, 1, LINE.length() - 1, LINE.length(), 12_345, (1L << 32) + 7}) {
            byte[] buffer = new byte[300];
            StreamPattern.fill(buffer, buffer.length, start);
            for (int i = 0; i < buffer.length; i++) {
                assertEquals(StreamPattern.at(start + i), buffer[i], "offset " + (start + i));
            }
            assertEquals(0, StreamPattern.mismatches(buffer, buffer.length, start));
        }
    }

    @Test
    void fillsOnlyTheRequestedLength() {
        byte[] buffer = new byte[10];
        StreamPattern.fill(buffer, 4, 8);
        assertEquals("stre", new String(buffer, 0, 4, StandardCharsets.US_ASCII));
        assertEquals(0, buffer[4]);
    }

    @Test
    void countsEveryMismatchedByte() {
        byte[] buffer = new byte[200];
        StreamPattern.fill(buffer, buffer.length, 50);
        buffer[0] ^= 1;
        buffer[199] = '#';
        assertEquals(2, StreamPattern.mismatches(buffer, buffer.length, 50));
    }
}
