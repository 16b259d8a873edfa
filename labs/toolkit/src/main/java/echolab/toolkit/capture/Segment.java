package echolab.toolkit.capture;

/**
 * One TCP segment from a capture, as the headers say it (absolute sequence numbers).
 *
 * @param frame   the frame's number in the file, from 1, as tcpdump and Wireshark count
 * @param micros  capture time, microseconds since the epoch
 * @param payload bytes of data, from the IP length (a short snapshot length does not change it)
 * @param window  the window field as sent (not multiplied by the window scale)
 */
public record Segment(int frame, long micros, Endpoint source, Endpoint destination, int flags,
                      long seq, long ack, int window, int payload) {
    public static final int FIN = 0x01;
    public static final int SYN = 0x02;
    public static final int RST = 0x04;
    public static final int PSH = 0x08;
    public static final int ACK = 0x10;
    public static final int URG = 0x20;
    public static final int ECE = 0x40;
    public static final int CWR = 0x80;

    private static final String[] NAMES = {"SYN", "FIN", "RST", "PSH", "ACK", "URG", "ECE", "CWR"};
    private static final int[] BITS = {SYN, FIN, RST, PSH, ACK, URG, ECE, CWR};

    public boolean has(int flag) {
        return (flags & flag) != 0;
    }

    /** Sequence space the segment takes: its data, plus one each for SYN and FIN. */
    public long length() {
        return payload + (has(SYN) ? 1 : 0) + (has(FIN) ? 1 : 0);
    }

    /** The flags as words, in the order Wireshark's flow graph lists them: {@code SYN ACK}, {@code FIN ACK}. */
    public String flagWords() {
        return flagWords(flags);
    }

    public static String flagWords(int flags) {
        var words = new StringBuilder();
        for (int i = 0; i < BITS.length; i++) {
            if ((flags & BITS[i]) != 0) {
                words.append(words.isEmpty() ? "" : " ").append(NAMES[i]);
            }
        }
        return words.isEmpty() ? "none" : words.toString();
    }

    /** An address and port; the address as tcpdump -n prints it. */
    public record Endpoint(String address, int port) {
        @Override
        public String toString() {
            return (address.contains(":") ? "[" + address + "]" : address) + ":" + port;
        }
    }
}
