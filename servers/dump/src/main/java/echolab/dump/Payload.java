package echolab.dump;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * What arrived or left, as it is shown: quoted text when every byte is printable UTF-8 (tabs and
 * line ends allowed, written as escapes so one event stays on one line), a hex dump otherwise,
 * and in both cases cut after {@code maxShown} bytes so a flood cannot drown the terminal.
 */
record Payload(byte[] data, int length) {

    /** The payload as printable text, or empty when any byte is not printable UTF-8. */
    Optional<String> text() {
        String decoded;
        try {
            decoded = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(data, 0, length)).toString();
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
        boolean printable = decoded.chars().allMatch(c -> c == '\n' || c == '\r' || c == '\t' || !Character.isISOControl(c));
        return printable ? Optional.of(decoded) : Optional.empty();
    }

    /**
     * What a display cut after {@code maxShown} bytes shows: the text (never cut inside a
     * character; empty when the payload is not printable UTF-8) and how many bytes it leaves out.
     * The payload is decoded once, however large.
     */
    Shown shown(int maxShown) {
        Optional<String> decoded = text();
        if (decoded.isEmpty()) {
            return new Shown(Optional.empty(), Math.max(0, length - maxShown));
        }
        String text = decoded.get();
        int bytes = 0;
        int end = 0;
        while (end < text.length()) {
            int codePoint = text.codePointAt(end);
            int size = codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
            if (bytes + size > maxShown) {
                break;
            }
            bytes += size;
            end += Character.charCount(codePoint);
        }
        return new Shown(Optional.of(text.substring(0, end)), length - bytes);
    }

    /** The shown part of a payload: its text (empty for a hex dump) and the bytes left out. */
    record Shown(Optional<String> text, int omitted) {
        /** The text quoted and escaped, or empty when not printable. */
        Optional<String> quoted() {
            return text.map(shown -> '"' + escape(shown) + '"');
        }
    }

    List<String> hexDump(int maxShown) {
        return HexDump.lines(data, Math.min(length, maxShown));
    }

    /** The first {@code maxShown} bytes as plain hex digits, for JSON. */
    String hex(int maxShown) {
        return HexFormat.of().formatHex(data, 0, Math.min(length, maxShown));
    }

    private static String escape(String text) {
        var out = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\\' -> out.append("\\\\");
                case '"' -> out.append("\\\"");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
