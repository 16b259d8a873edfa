package echolab.toolkit.capture;

import java.io.IOException;

/** A file that is not a classic pcap capture echolab can read, or one cut short; the message says which. */
public final class PcapFormatException extends IOException {
    public PcapFormatException(String message) {
        super(message);
    }
}
