package echolab.dump;

import java.util.Locale;
import java.util.Optional;

/** The three ways a client can reach the dump server, named as the console spells them. */
enum Protocol {
    TCP, UDP, WS;

    /** The name typed at the console and printed in every event: {@code tcp}, {@code udp}, {@code ws}. */
    String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Optional<Protocol> parse(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "tcp" -> Optional.of(TCP);
            case "udp" -> Optional.of(UDP);
            case "ws", "websocket" -> Optional.of(WS);
            default -> Optional.empty();
        };
    }
}
