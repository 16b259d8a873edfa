package echolab.conformance;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;

import echolab.core.testing.ServerProcess;

/**
 * Servers shared by the tests of one class, one per variant and arguments, so that tests which
 * leave a server as they found it do not each pay for a JVM start. A server that died is
 * started again. Tests that change a server for good (poison, stop) start their own.
 */
final class SharedServers implements AutoCloseable {
    private final Map<List<String>, ServerProcess> servers = new ConcurrentHashMap<>();

    ServerProcess of(Variant variant, String... extraArgs) throws IOException, TimeoutException {
        var key = new ArrayList<String>();
        key.add(variant.name());
        key.addAll(List.of(extraArgs));
        ServerProcess server = servers.get(key);
        if (server == null || !server.process().isAlive()) {
            server = variant.start(extraArgs);
            servers.put(key, server);
        }
        return server;
    }

    @Override
    public void close() {
        servers.values().forEach(ServerProcess::close);
        servers.clear();
    }
}
