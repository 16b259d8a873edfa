package echolab.process;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import echolab.core.ServerOptions;

/**
 * What a child needs to know besides its socket, passed from parent to child as system
 * properties: the connection's number, who its parent is and the {@link ParentLifeline} that
 * ties the child to it, where to report {@code poison}, and the server options that change how
 * a session behaves.
 */
record ChildSpec(long connection, long parentPid, Path lifeline, Path poisonChannel, ServerOptions options) {
    private static final String PREFIX = "echolab.child.";

    List<String> asProperties() {
        return List.of(
                property("conn", connection),
                property("parent", parentPid),
                property("lifeline", lifeline),
                property("poison", poisonChannel),
                property("max-line", options.maxLine()),
                property("idle-timeout-ms", options.idleTimeout().toMillis()),
                property("write-timeout-ms", options.writeTimeout().toMillis()),
                property("faults", options.faults()),
                property("json", options.json()),
                property("debug", options.debug()));
    }

    static ChildSpec fromSystemProperties() {
        var options = new ServerOptions(ProcessPerConnectionServer.KIND, InetAddress.getLoopbackAddress(), 0,
                ServerOptions.DEFAULT_BACKLOG, true,
                Integer.parseInt(get("max-line")),
                Duration.ofMillis(Long.parseLong(get("idle-timeout-ms"))),
                Duration.ofMillis(Long.parseLong(get("write-timeout-ms"))),
                Boolean.parseBoolean(get("faults")),
                Boolean.parseBoolean(get("json")),
                Boolean.parseBoolean(get("debug")));
        return new ChildSpec(Long.parseLong(get("conn")), Long.parseLong(get("parent")), Path.of(get("lifeline")),
                Path.of(get("poison")), options);
    }

    private static String property(String name, Object value) {
        return "-D" + PREFIX + name + "=" + value;
    }

    private static String get(String name) {
        String value = System.getProperty(PREFIX + name);
        if (value == null) {
            throw new IllegalStateException("not started by the process server: -D" + PREFIX + name + " missing");
        }
        return value;
    }
}
