package echolab.dump;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The live clients of every protocol. Numbers start at 1 for each protocol and are never reused
 * while the server runs, so {@code tcp 3} means the same client for as long as it is connected.
 * A client's end is reported here, once, whichever thread notices it first.
 */
final class Clients {
    private final EventPrinter printer;
    private final Map<Protocol, AtomicInteger> lastNumber = new EnumMap<>(Protocol.class);
    private final Map<Protocol, ConcurrentSkipListMap<Integer, Client>> live = new EnumMap<>(Protocol.class);

    Clients(EventPrinter printer) {
        this.printer = printer;
        for (Protocol protocol : Protocol.values()) {
            lastNumber.put(protocol, new AtomicInteger());
            live.put(protocol, new ConcurrentSkipListMap<>());
        }
    }

    int nextNumber(Protocol protocol) {
        return lastNumber.get(protocol).incrementAndGet();
    }

    /** How many clients of {@code protocol} have come so far. */
    int served(Protocol protocol) {
        return lastNumber.get(protocol).get();
    }

    void add(Client client) {
        live.get(client.protocol()).put(client.number(), client);
    }

    /**
     * Removes {@code client} and prints its disconnection, the first time only; then whoever
     * waits for the client to be gone (the console's {@code close}) goes on.
     */
    void ended(Client client, String reason) {
        if (live.get(client.protocol()).remove(client.number(), client)) {
            printer.disconnected(client, reason);
        }
        client.gone();
    }

    Optional<Client> find(Protocol protocol, int number) {
        return Optional.ofNullable(live.get(protocol).get(number));
    }

    List<Client> of(Protocol protocol) {
        return List.copyOf(live.get(protocol).values());
    }
}
