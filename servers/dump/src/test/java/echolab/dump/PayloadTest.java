package echolab.dump;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class PayloadTest {

    private static Payload of(byte[] data) {
        return new Payload(data, data.length);
    }

    private static Payload of(String text) {
        return of(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void hexDumpLooksLikeHexdumpMinusC() {
        // Both lines as printed by: printf 'hello world\n0123456789abcdef' | hexdump -C
        byte[] data = "0123456789abcdefhello world\n".getBytes(StandardCharsets.US_ASCII);
        assertEquals(List.of(
                "00000000  30 31 32 33 34 35 36 37  38 39 61 62 63 64 65 66  |0123456789abcdef|",
                "00000010  68 65 6c 6c 6f 20 77 6f  72 6c 64 0a              |hello world.|"),
                HexDump.lines(data, data.length));
    }

    @Test
    void printableUtf8WithTabsAndLineEndsIsShownAsEscapedText() {
        assertEquals(Optional.of("\"h\u00e9llo\\tw\u00f6rld\\r\\n\""), of("h\u00e9llo\tw\u00f6rld\r\n").shown(100).quoted());
    }

    @Test
    void controlBytesAndInvalidUtf8AreNotText() {
        assertTrue(of("nul\0byte").text().isEmpty());
        assertTrue(of(new byte[] {'o', 'k', (byte) 0xff}).text().isEmpty());
        assertTrue(of("bell\u0007").text().isEmpty());
    }

    @Test
    void longTextIsCutOnACharacterBoundaryAndTheRestCounted() {
        var payload = of("\u00e9\u00e9\u00e9");
        assertEquals(Optional.of("\"\u00e9\""), payload.shown(3).quoted());
        assertEquals(4, payload.shown(3).omitted());
    }

    @Test
    void longBinaryIsCutAtTheBoundAndTheRestCounted() {
        var payload = of(new byte[40]);
        assertEquals(2, payload.hexDump(32).size());
        assertEquals(8, payload.shown(32).omitted());
    }
}
