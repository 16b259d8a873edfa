package echolab.toolkit.capture;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Reads the TCP segments of a classic pcap file, the format {@code tcpdump -w} writes: either byte
 * order, microsecond or nanosecond time stamps, and the link types a Linux capture has: Ethernet
 * (1: {@code -i lo}, {@code -i eth0}), Linux cooked v1 (113) and v2 (276: libpcap 1.10's {@code -i any}).
 * Frames that are not TCP over IPv4 or IPv6 are counted and skipped.
 *
 * <p>echolab's own rather than pkts-core 3.0.10's: that library reads no Linux cooked v2 frame
 * (every {@code -i any} capture came out empty of TCP), reports arrival times in microseconds
 * or nanoseconds depending on the file, and brings a SIP stack (jain-sip-ri) to the class path.
 */
public final class PcapReader {
    public static final int ETHERNET = 1;
    public static final int LINUX_SLL = 113;
    public static final int LINUX_SLL2 = 276;

    private static final int GLOBAL_HEADER = 24;
    private static final int RECORD_HEADER = 16;
    private static final int MAX_FRAME = 1 << 20;
    private static final int IPV4 = 0x0800;
    private static final int IPV6 = 0x86DD;
    private static final int VLAN = 0x8100;
    private static final int TCP = 6;

    /** What a file held: its link type, how many frames, and the TCP segments among them. */
    public record Capture(int linkType, int frames, List<Segment> segments) {
        public Capture {
            segments = List.copyOf(segments);
        }
    }

    private PcapReader() {
    }

    public static Capture read(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        try {
            return read(bytes, false);
        } catch (PcapFormatException e) {
            throw new PcapFormatException(file + ": " + e.getMessage());
        }
    }

    /**
     * Reads {@code bytes}; with {@code partialTail} a last frame still being written (a capture that
     * is still running) is left out instead of being an error.
     */
    public static Capture read(byte[] bytes, boolean partialTail) throws PcapFormatException {
        if (bytes.length == 0) {
            throw new PcapFormatException("empty: no pcap header");
        }
        if (bytes.length < GLOBAL_HEADER) {
            if (partialTail) {
                return new Capture(0, 0, List.of());
            }
            throw new PcapFormatException("truncated: " + bytes.length + " bytes, shorter than a pcap header (24)");
        }
        ByteBuffer in = ByteBuffer.wrap(bytes);
        long divisor = timeDivisor(bytes, in);
        int linkType = in.getInt(20) & 0x0FFFFFFF;
        if (linkType != ETHERNET && linkType != LINUX_SLL && linkType != LINUX_SLL2) {
            throw new PcapFormatException("link type " + linkType + " is not read here (Ethernet 1, Linux cooked v1 113 and v2 276 are)");
        }
        var segments = new ArrayList<Segment>();
        int offset = GLOBAL_HEADER;
        int frame = 0;
        while (offset < bytes.length) {
            int left = bytes.length - offset;
            if (left < RECORD_HEADER) {
                if (partialTail) {
                    break;
                }
                throw new PcapFormatException("truncated: frame " + (frame + 1) + " at byte " + offset
                        + " has " + left + " of its 16 header bytes");
            }
            long seconds = Integer.toUnsignedLong(in.getInt(offset));
            long fraction = Integer.toUnsignedLong(in.getInt(offset + 4));
            int captured = in.getInt(offset + 8);
            if (captured < 0 || captured > MAX_FRAME) {
                throw new PcapFormatException("frame " + (frame + 1) + " at byte " + offset + " claims "
                        + Integer.toUnsignedString(captured) + " bytes: not a capture, or a corrupt one");
            }
            if (left - RECORD_HEADER < captured) {
                if (partialTail) {
                    break;
                }
                throw new PcapFormatException("truncated: frame " + (frame + 1) + " at byte " + offset + " needs "
                        + captured + " bytes, " + (left - RECORD_HEADER) + " are left");
            }
            frame++;
            long micros = seconds * 1_000_000 + fraction / divisor;
            Segment segment = segment(ByteBuffer.wrap(bytes, offset + RECORD_HEADER, captured).slice()
                    .order(ByteOrder.BIG_ENDIAN), linkType, frame, micros);
            if (segment != null) {
                segments.add(segment);
            }
            offset += RECORD_HEADER + captured;
        }
        return new Capture(linkType, frame, segments);
    }

    /** Sets the buffer's byte order from the magic number and returns what divides a fraction into microseconds. */
    private static long timeDivisor(byte[] bytes, ByteBuffer in) throws PcapFormatException {
        int magic = in.order(ByteOrder.BIG_ENDIAN).getInt(0);
        for (ByteOrder order : List.of(ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN)) {
            int value = in.order(order).getInt(0);
            if (value == 0xA1B2C3D4) {
                return 1;
            }
            if (value == 0xA1B23C4D) {
                return 1000;
            }
        }
        if (magic == 0x0A0D0D0A) {
            throw new PcapFormatException("a pcapng file: only classic pcap is read (tcpdump -w writes it; convert with 'tshark -F pcap -r IN -w OUT')");
        }
        throw new PcapFormatException("not a pcap capture: it starts with " + HexFormat.ofDelimiter(" ").formatHex(bytes, 0, 4)
                + " (a classic pcap file starts with d4 c3 b2 a1 or a1 b2 c3 d4)");
    }

    /** The TCP segment in one frame, or null when the frame holds none (or too little of one). */
    private static Segment segment(ByteBuffer frame, int linkType, int number, long micros) {
        int etherType;
        int ip;
        switch (linkType) {
            case ETHERNET -> {
                if (frame.limit() < 14) {
                    return null;
                }
                etherType = Short.toUnsignedInt(frame.getShort(12));
                ip = 14;
                if (etherType == VLAN && frame.limit() >= 18) {
                    etherType = Short.toUnsignedInt(frame.getShort(16));
                    ip = 18;
                }
            }
            case LINUX_SLL -> {
                if (frame.limit() < 16) {
                    return null;
                }
                etherType = Short.toUnsignedInt(frame.getShort(14));
                ip = 16;
            }
            default -> {
                if (frame.limit() < 20) {
                    return null;
                }
                etherType = Short.toUnsignedInt(frame.getShort(0));
                ip = 20;
            }
        }
        return switch (etherType) {
            case IPV4 -> ipv4(frame, ip, number, micros);
            case IPV6 -> ipv6(frame, ip, number, micros);
            default -> null;
        };
    }

    private static Segment ipv4(ByteBuffer frame, int ip, int number, long micros) {
        if (frame.limit() < ip + 20 || (frame.get(ip) >> 4) != 4) {
            return null;
        }
        int headerLength = (frame.get(ip) & 0x0F) * 4;
        int totalLength = Short.toUnsignedInt(frame.getShort(ip + 2));
        boolean laterFragment = (frame.getShort(ip + 6) & 0x1FFF) != 0;
        if (frame.get(ip + 9) != TCP || laterFragment) {
            return null;
        }
        return tcp(frame, ip + headerLength, totalLength - headerLength, address(frame, ip + 12, 4),
                address(frame, ip + 16, 4), number, micros);
    }

    private static Segment ipv6(ByteBuffer frame, int ip, int number, long micros) {
        // Extension headers are not followed: a plain TCP segment's next header is TCP itself.
        if (frame.limit() < ip + 40 || frame.get(ip + 6) != TCP) {
            return null;
        }
        int payloadLength = Short.toUnsignedInt(frame.getShort(ip + 4));
        return tcp(frame, ip + 40, payloadLength, address(frame, ip + 8, 16), address(frame, ip + 24, 16), number, micros);
    }

    private static Segment tcp(ByteBuffer frame, int at, int ipPayload, String source, String destination,
                               int number, long micros) {
        if (frame.limit() < at + 20) {
            return null;
        }
        int headerLength = ((frame.get(at + 12) & 0xF0) >> 4) * 4;
        return new Segment(number, micros,
                new Segment.Endpoint(source, Short.toUnsignedInt(frame.getShort(at))),
                new Segment.Endpoint(destination, Short.toUnsignedInt(frame.getShort(at + 2))),
                frame.get(at + 13) & 0xFF,
                Integer.toUnsignedLong(frame.getInt(at + 4)),
                Integer.toUnsignedLong(frame.getInt(at + 8)),
                Short.toUnsignedInt(frame.getShort(at + 14)),
                Math.max(0, ipPayload - headerLength));
    }

    /** The address as tcpdump -n prints it: dotted IPv4, IPv6 with the longest run of zero groups as {@code ::}. */
    private static String address(ByteBuffer frame, int at, int length) {
        if (length == 4) {
            return (frame.get(at) & 0xFF) + "." + (frame.get(at + 1) & 0xFF) + "." + (frame.get(at + 2) & 0xFF)
                    + "." + (frame.get(at + 3) & 0xFF);
        }
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = Short.toUnsignedInt(frame.getShort(at + 2 * i));
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; i++) {
            int run = 0;
            while (i + run < 8 && groups[i + run] == 0) {
                run++;
            }
            if (run > bestLength) {
                bestStart = i;
                bestLength = run;
            }
        }
        var text = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                text.append("::");
                i += bestLength - 1;
                continue;
            }
            if (!text.isEmpty() && text.charAt(text.length() - 1) != ':') {
                text.append(':');
            }
            text.append(Integer.toHexString(groups[i]));
        }
        return text.toString();
    }
}
