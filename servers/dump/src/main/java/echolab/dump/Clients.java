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
 */
final class Clients {
    private final Map<Protocol, AtomicInteger> lastNumber = new EnumMap<>(Protocol.class);
    private final Map<Protocol, ConcurrentSkipListMap<Integer, Client>> live = new EnumMap<>(Protocol.class);

    Clients() {
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

    /** Removes {@code client}; true only for the first caller, so a disconnection is reported once. */
    boolean remove(Client client) {
        return live.get(client.protocol()).remove(client.number(), client);
    }

    Optional<Client> find(Protocol protocol, int number) {
        return Optional.ofNullable(live.get(protocol).get(number));
    }

    List<Client> of(Protocol protocol) {
        return List.copyOf(live.get(protocol).values());
    }
}
