package echolab.toolkit.observe;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * TIME_WAIT belongs to whoever closes first: after {@code exit} the server's side holds it, after
 * the client hangs up the client's side does. Neither has a pid: the sockets outlive their owners.
 */
final class TimeWait implements Scenario {
    private static final Duration ANSWER = Duration.ofSeconds(30);

    @Override
    public String name() {
        return "time-wait";
    }

    @Override
    public String title(Settings settings) {
        return "one connection ended by 'exit', one by the client: who holds TIME_WAIT";
    }

    @Override
    public List<Fact> observe(Column column, Rig rig, Settings settings) throws IOException, InterruptedException {
        ObservedServer server = rig.start(column);
        Peer leaving = rig.connect(server);
        boolean bye = "bye".equals(leaving.ask("exit", ANSWER)) && leaving.replyWithin(ANSWER) == null;
        leaving.close();
        Peer hangingUp = rig.connect(server);
        boolean pong = "pong".equals(hangingUp.ask("ping", ANSWER));
        hangingUp.close();
        int serverCloses = leaving.localPort();
        int clientCloses = hangingUp.localPort();
        return rig.settle(server, footprint -> List.of(
                Fact.yes("'exit': 'bye', then end of stream", bye, true),
                Fact.count("'exit': TIME_WAIT on the server side", footprint.serverSide(serverCloses, "TIME_WAIT"),
                        Expect.exactly(1)),
                Fact.count("'exit': TIME_WAIT on the client side", footprint.clientSide(serverCloses, "TIME_WAIT"), Expect.exactly(0)),
                Fact.yes("hang-up: 'ping' answered first", pong, true),
                Fact.count("hang-up: TIME_WAIT on the server side", footprint.serverSide(clientCloses, "TIME_WAIT"),
                        Expect.exactly(0)),
                Fact.count("hang-up: TIME_WAIT on the client side", footprint.clientSide(clientCloses, "TIME_WAIT"), Expect.exactly(1))),
                Duration.ofSeconds(20));
    }
}
