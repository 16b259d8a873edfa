package echolab.toolkit.capture;

import echolab.toolkit.capture.Conversation.Side;

/**
 * What one connection's segments show.
 *
 * @param handshakeMicros   SYN to the ACK that completes the handshake (Wireshark's iRTT); -1 when incomplete
 * @param firstFin          who sent the first FIN
 * @param bytesAfterFirstFin data the other side sent after the first FIN: the half-close at work
 * @param firstDataMicros   when the server first sent data, -1 if it never did
 * @param firstFinMicros    when the first FIN was sent, -1 if none was
 */
public record TcpFacts(boolean handshakeComplete, long handshakeMicros, Side firstFin, long bytesAfterFirstFin,
                       Side reset, int retransmissions, int zeroWindows, Side zeroWindowSender,
                       long clientBytes, long serverBytes, long firstDataMicros, long firstFinMicros) {

    static TcpFacts of(Conversation conversation) {
        Segment syn = null;
        Segment synAck = null;
        long handshake = -1;
        Side firstFin = Side.NONE;
        long firstFinAt = -1;
        long afterFin = 0;
        Side reset = Side.NONE;
        int zeroWindows = 0;
        Side zeroWindowSender = Side.NONE;
        long clientBytes = 0;
        long serverBytes = 0;
        long firstData = -1;
        for (Segment segment : conversation.segments()) {
            Side sender = conversation.sender(segment);
            if (segment.has(Segment.SYN) && !segment.has(Segment.ACK) && sender == Side.CLIENT && syn == null) {
                syn = segment;
            } else if (segment.has(Segment.SYN) && segment.has(Segment.ACK) && sender == Side.SERVER && syn != null) {
                synAck = segment;
            } else if (synAck != null && handshake < 0 && sender == Side.CLIENT && segment.has(Segment.ACK)
                    && segment.ack() == (synAck.seq() + 1) % (1L << 32)) {
                handshake = segment.micros() - syn.micros();
            }
            if (sender == Side.CLIENT) {
                clientBytes += segment.payload();
            } else {
                serverBytes += segment.payload();
                if (segment.payload() > 0 && firstData < 0) {
                    firstData = segment.micros();
                }
            }
            if (firstFin != Side.NONE && sender != firstFin) {
                afterFin += segment.payload();
            }
            if (segment.has(Segment.FIN) && firstFin == Side.NONE) {
                firstFin = sender;
                firstFinAt = segment.micros();
            }
            if (segment.has(Segment.RST) && reset == Side.NONE) {
                reset = sender;
            }
            if (segment.window() == 0 && !segment.has(Segment.RST)) {
                zeroWindows++;
                zeroWindowSender = zeroWindowSender == Side.NONE || zeroWindowSender == sender ? sender : Side.NONE;
            }
        }
        return new TcpFacts(handshake >= 0, handshake, firstFin, afterFin, reset, conversation.retransmissions().size(),
                zeroWindows, zeroWindowSender, clientBytes, serverBytes, firstData, firstFinAt);
    }
}
