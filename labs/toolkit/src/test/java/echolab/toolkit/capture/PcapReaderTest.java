package echolab.toolkit.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The pcap reader on files built byte by byte: each link type, both byte orders, both time precisions, and broken files. */
class PcapReaderTest {
    @ParameterizedTest
    @ValueSource(ints = {PcapReader.ETHERNET, PcapReader.LINUX_SLL, PcapReader.LINUX_SLL2})
    void readsATcpSegmentBehindEachLinkType(int linkType) throws Exception {
        byte[] file = pcap(ByteOrder.LITTLE_ENDIAN, false, linkType,
                frame(linkType, ipv4(tcp(51620, 4000, 3737635538L, 0, Segment.SYN, 65495, 0))),
                frame(linkType, ipv4(tcp(4000, 51620, 57464518L, 3737635539L, Segment.SYN | Segment.ACK, 65483, 5))));

        PcapReader.Capture capture = PcapReader.read(file, false);

        assertEquals(linkType, capture.linkType());
        assertEquals(2, capture.frames());
        Segment syn = capture.segments().getFirst();
        assertEquals(new Segment.Endpoint("127.0.0.1", 51620), syn.source());
        assertEquals(new Segment.Endpoint("127.0.0.1", 4000), syn.destination());
        assertEquals("SYN", syn.flagWords());
        assertEquals(3737635538L, syn.seq());
        assertEquals(65495, syn.window());
        Segment synAck = capture.segments().get(1);
        assertEquals("SYN ACK", synAck.flagWords());
        assertEquals(3737635539L, synAck.ack());
        assertEquals(5, synAck.payload());
        assertEquals(1_700_000_000_000_000L + 250, syn.micros());
    }

    @Test
    void readsBigEndianNanosecondFilesAndIpv6() throws Exception {
        byte[] file = pcap(ByteOrder.BIG_ENDIAN, true, PcapReader.ETHERNET,
                frame(PcapReader.ETHERNET, ipv6(tcp(40000, 8990, 1, 0, Segment.SYN, 100, 0))));

        Segment segment = PcapReader.read(file, false).segments().getFirst();

        assertEquals(new Segment.Endpoint("::1", 40000), segment.source());
        assertEquals(1_700_000_000_000_000L + 250, segment.micros(), "250,000 ns are 250 µs");
    }

    @Test
    void skipsFramesThatAreNotTcp() throws Exception {
        byte[] udp = ipv4(tcp(1, 2, 0, 0, 0, 0, 0));
        udp[9] = 17;
        byte[] file = pcap(ByteOrder.LITTLE_ENDIAN, false, PcapReader.ETHERNET, frame(PcapReader.ETHERNET, udp));

        PcapReader.Capture capture = PcapReader.read(file, false);

        assertEquals(1, capture.frames());
        assertTrue(capture.segments().isEmpty());
    }

    @Test
    void aTruncatedFileSaysWhereItEnds() throws Exception {
        byte[] whole = pcap(ByteOrder.LITTLE_ENDIAN, false, PcapReader.ETHERNET,
                frame(PcapReader.ETHERNET, ipv4(tcp(1, 2, 0, 0, Segment.SYN, 0, 0))));
        byte[] cut = Arrays.copyOf(whole, whole.length - 10);

        var e = assertThrows(PcapFormatException.class, () -> PcapReader.read(cut, false));
        assertTrue(e.getMessage().startsWith("truncated: frame 1 at byte 24 needs 54 bytes, 44 are left"), e.getMessage());
        assertEquals(0, PcapReader.read(cut, true).frames(), "a capture still being written leaves the partial frame out");
        var header = assertThrows(PcapFormatException.class, () -> PcapReader.read(Arrays.copyOf(whole, 10), false));
        assertTrue(header.getMessage().contains("shorter than a pcap header"), header.getMessage());
    }

    @Test
    void garbagePcapngAndOtherLinkTypesAreNamedAsSuch() {
        var garbage = assertThrows(PcapFormatException.class, () -> PcapReader.read("hello, not a capture at all".getBytes(), false));
        assertTrue(garbage.getMessage().startsWith("not a pcap capture: it starts with 68 65 6c 6c"), garbage.getMessage());
        byte[] pcapng = new byte[32];
        ByteBuffer.wrap(pcapng).putInt(0x0A0D0D0A);
        var ng = assertThrows(PcapFormatException.class, () -> PcapReader.read(pcapng, false));
        assertTrue(ng.getMessage().startsWith("a pcapng file"), ng.getMessage());
        var wifi = assertThrows(PcapFormatException.class, () -> PcapReader.read(pcap(ByteOrder.LITTLE_ENDIAN, false, 105), false));
        assertTrue(wifi.getMessage().contains("link type 105"), wifi.getMessage());
        assertThrows(PcapFormatException.class, () -> PcapReader.read(new byte[0], false));
    }

    static byte[] pcap(ByteOrder order, boolean nanos, int linkType, byte[]... frames) {
        var out = new ByteArrayOutputStream();
        ByteBuffer header = ByteBuffer.allocate(24).order(order);
        header.putInt(nanos ? 0xA1B23C4D : 0xA1B2C3D4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0)
                .putInt(262144).putInt(linkType);
        out.writeBytes(header.array());
        for (byte[] frame : frames) {
            ByteBuffer record = ByteBuffer.allocate(16).order(order);
            record.putInt(1_700_000_000).putInt(nanos ? 250_000 : 250).putInt(frame.length).putInt(frame.length);
            out.writeBytes(record.array());
            out.writeBytes(frame);
        }
        return out.toByteArray();
    }

    /** The link-layer header of {@code linkType} before an IP packet (IPv4 or IPv6 from its first nibble). */
    static byte[] frame(int linkType, byte[] ip) {
        int etherType = (ip[0] >> 4) == 6 ? 0x86DD : 0x0800;
        ByteBuffer link = switch (linkType) {
            case PcapReader.ETHERNET -> ByteBuffer.allocate(14).put(new byte[12]).putShort((short) etherType);
            case PcapReader.LINUX_SLL -> ByteBuffer.allocate(16).putShort((short) 0).putShort((short) 772)
                    .putShort((short) 6).put(new byte[8]).putShort((short) etherType);
            default -> ByteBuffer.allocate(20).putShort((short) etherType).putShort((short) 0).putInt(1)
                    .putShort((short) 772).put((byte) 0).put((byte) 6).put(new byte[8]);
        };
        return ByteBuffer.allocate(link.capacity() + ip.length).put(link.array()).put(ip).array();
    }

    static byte[] ipv4(byte[] tcp) {
        ByteBuffer ip = ByteBuffer.allocate(20 + tcp.length);
        ip.put((byte) 0x45).put((byte) 0).putShort((short) (20 + tcp.length)).putInt(0).put((byte) 64).put((byte) 6)
                .putShort((short) 0).put(new byte[] {127, 0, 0, 1}).put(new byte[] {127, 0, 0, 1}).put(tcp);
        return ip.array();
    }

    static byte[] ipv6(byte[] tcp) {
        ByteBuffer ip = ByteBuffer.allocate(40 + tcp.length);
        byte[] loopback = new byte[16];
        loopback[15] = 1;
        ip.putInt(0x60000000).putShort((short) tcp.length).put((byte) 6).put((byte) 64).put(loopback).put(loopback).put(tcp);
        return ip.array();
    }

    /** A TCP header of 20 bytes and {@code payload} zero bytes. */
    static byte[] tcp(int source, int destination, long seq, long ack, int flags, int window, int payload) {
        ByteBuffer tcp = ByteBuffer.allocate(20 + payload);
        tcp.putShort((short) source).putShort((short) destination).putInt((int) seq).putInt((int) ack)
                .put((byte) 0x50).put((byte) flags).putShort((short) window).putInt(0);
        return tcp.array();
    }

    @Test
    void conversationsNumberSequencesFromEachSidesFirst() throws Exception {
        byte[] file = pcap(ByteOrder.LITTLE_ENDIAN, false, PcapReader.ETHERNET,
                frame(PcapReader.ETHERNET, ipv4(tcp(51620, 4000, 1000, 0, Segment.SYN, 65495, 0))),
                frame(PcapReader.ETHERNET, ipv4(tcp(4000, 51620, 5000, 1001, Segment.SYN | Segment.ACK, 65483, 0))),
                frame(PcapReader.ETHERNET, ipv4(tcp(51620, 4000, 1001, 5001, Segment.ACK, 512, 0))),
                frame(PcapReader.ETHERNET, ipv4(tcp(51620, 4000, 1001, 5001, Segment.FIN | Segment.ACK, 512, 0))),
                frame(PcapReader.ETHERNET, ipv4(tcp(4000, 51620, 5001, 1002, Segment.PSH | Segment.ACK, 0, 7))),
                frame(PcapReader.ETHERNET, ipv4(tcp(4000, 51620, 5001, 1002, Segment.PSH | Segment.ACK, 512, 7))));

        List<Conversation> conversations = Conversation.of(PcapReader.read(file, false).segments(), 0);

        assertEquals(1, conversations.size());
        Conversation c = conversations.getFirst();
        assertEquals(51620, c.client().port());
        Segment data = c.segments().get(4);
        assertEquals(1, c.relativeSeq(data));
        assertEquals(2, c.relativeAck(data));
        TcpFacts facts = c.facts();
        assertTrue(facts.handshakeComplete());
        assertEquals(Conversation.Side.CLIENT, facts.firstFin());
        assertEquals(14, facts.bytesAfterFirstFin());
        assertEquals(1, facts.retransmissions(), "the second 7 bytes resend the first");
        assertEquals(1, facts.zeroWindows());
        assertEquals(Conversation.Side.SERVER, facts.zeroWindowSender());
        String diagram = SequenceDiagram.render(conversations, 0);
        assertTrue(diagram.contains("|<"), diagram);
        assertTrue(diagram.contains(" FIN ACK  seq=1 ack=1 len=0 "), diagram);
        assertTrue(diagram.contains("PSH ACK  seq=1 ack=2 win=0 len=7"), diagram);
        assertTrue(diagram.contains("(retransmission)"), diagram);
    }
}
