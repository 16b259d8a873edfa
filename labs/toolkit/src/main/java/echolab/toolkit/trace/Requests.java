package echolab.toolkit.trace;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import echolab.toolkit.observe.Fact;
import echolab.toolkit.observe.Peer;

/**
 * Many requests on one connection, a short pause before each: a platform thread blocks in
 * {@code read} until the next line comes; a virtual thread's read finds nothing ({@code EAGAIN}),
 * it parks with an {@code epoll_ctl}, and a poller's {@code epoll_wait} wakes it. Without the pause
 * the traced server, slowed by strace, would find the next request already there every time; with
 * 2 ms, on two cores shared with other work, it still did for half of them (the server's thread
 * not scheduled again before the next ping came), so the default is 20 ms.
 */
final class Requests implements TraceScenario {
    @Override
    public String name() {
        return "requests";
    }

    @Override
    public String title(TraceSettings settings) {
        return "one connection, " + settings.requests() + " pings " + settings.pause().toMillis() + " ms apart after "
                + settings.warmUp() + " to warm up: system calls per request";
    }

    @Override
    public Window drive(TracedServer server, TraceSettings settings) throws IOException, InterruptedException {
        try (var client = new Peer(server.port())) {
            for (int i = 0; i < settings.warmUp(); i++) {
                Trace.ping(client);
            }
            long from = Trace.nowMicros();
            for (int i = 0; i < settings.requests(); i++) {
                Thread.sleep(settings.pause());
                Trace.ping(client);
            }
            return new Window(from, Trace.nowMicros(), settings.requests());
        }
    }

    @Override
    public List<Fact> facts(String kind, Counts counts) {
        var facts = new ArrayList<Fact>();
        facts.add(Ranges.between(counts, "read", 0.9, 1.5));
        facts.add(Ranges.between(counts, "write", 0.9, 1.5));
        if (kind.equals("virtual")) {
            facts.add(Ranges.between(counts, "read → EAGAIN", 0.7, 1.5));
            facts.add(Ranges.between(counts, "epoll_ctl", 0.7, 3));
            facts.add(Ranges.between(counts, "epoll_wait", 0.7, 5));
        } else {
            facts.add(Ranges.atMost(counts, "read → EAGAIN", 0.1));
            facts.add(Ranges.atMost(counts, "epoll_ctl", 0.1));
            facts.add(Ranges.atMost(counts, "epoll_wait", 0.1));
        }
        facts.add(Ranges.shown(counts, "futex"));
        facts.add(Ranges.shown(counts, "poll"));
        facts.add(Ranges.shown(counts, Counts.ALL));
        return facts;
    }
}
