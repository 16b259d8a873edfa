package echolab.dump;

import java.util.ArrayList;
import java.util.List;

/** Formats bytes like {@code hexdump -C}: offset, sixteen bytes in hex split in two groups, then the ASCII. */
final class HexDump {
    private static final int PER_LINE = 16;

    private HexDump() {
    }

    static List<String> lines(byte[] data, int length) {
        var lines = new ArrayList<String>();
        for (int offset = 0; offset < length; offset += PER_LINE) {
            lines.add(line(data, offset, Math.min(PER_LINE, length - offset)));
        }
        return lines;
    }

    private static String line(byte[] data, int offset, int count) {
        var hex = new StringBuilder(80).append(String.format("%08x  ", offset));
        var ascii = new StringBuilder(PER_LINE);
        for (int i = 0; i < PER_LINE; i++) {
            if (i < count) {
                int b = data[offset + i] & 0xff;
                hex.append(String.format("%02x ", b));
                ascii.append(b >= 0x20 && b < 0x7f ? (char) b : '.');
            } else {
                hex.append("   ");
            }
            if (i == PER_LINE / 2 - 1) {
                hex.append(' ');
            }
        }
        return hex.append(" |").append(ascii).append('|').toString();
    }
}
