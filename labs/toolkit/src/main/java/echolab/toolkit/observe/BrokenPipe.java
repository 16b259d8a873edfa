package echolab.toolkit.observe;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import echolab.core.EchoSession;

/**
 * Clients that reset in the middle of a {@code stream}: the server's next write fails, and it
 * prints an {@code OOPS!} line counted per process, so the process server's children each say 1.
 */
final class BrokenPipe implements Scenario {
    private static final Pattern OOPS = Pattern.compile("OOPS! Pipe failure number (\\d+) on process (\\d+)");
    /** Far more than loopback buffers hold, so the server is still writing when the RST comes. */
    private static final long STREAM_BYTES = EchoSession.MAX_STREAM_BYTES;
    private static final long READ_BEFORE_RESET = 64 * 1024;

    @Override
    public String name() {
        return "broken-pipe";
    }

    @Override
    public String title(Settings settings) {
        return settings.clients() + " clients reset during a stream: OOPS! lines and who counted them";
    }

    @Override
    public List<Fact> observe(Column column, Rig rig, Settings settings) throws IOException, InterruptedException {
        int n = settings.clients();
        ObservedServer server = rig.start(column);
        long streamed = 0;
        for (int i = 0; i < n; i++) {
            Peer client = rig.connect(server);
            client.send("stream " + STREAM_BYTES);
            if (client.drain(READ_BEFORE_RESET, Duration.ofSeconds(30)) == READ_BEFORE_RESET) {
                streamed++;
            }
            client.reset();
        }
        List<String> oops = server.awaitLines(line -> OOPS.matcher(line).find(), n, Duration.ofSeconds(30));
        rig.log("./lab server " + column.label() + " --port 0   # its OOPS! lines", String.join("\n", oops));
        long processes = oops.stream().map(OOPS::matcher).filter(Matcher::find).map(m -> m.group(2)).distinct().count();
        long highest = oops.stream().map(OOPS::matcher).filter(Matcher::find)
                .mapToLong(m -> Long.parseLong(m.group(1))).max().orElse(0);
        boolean perChild = column.kind().equals("process");
        return List.of(
                Fact.count("clients streamed, then reset", streamed, Expect.exactly(n)),
                Fact.count("OOPS! lines", oops.size(), Expect.exactly(n)),
                Fact.count("processes that counted", processes, Expect.exactly(perChild ? n : 1)),
                Fact.count("highest failure number", highest, Expect.exactly(perChild ? 1 : n)));
    }
}
