package echolab.process;

import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import echolab.core.EchoSession;

/**
 * The command line of a child JVM. Start-up is this model's cost per connection, so the tuned
 * variant trims what a short-lived JVM does not need, and uses the AOT cache that the build
 * trains (JEP 483/514) when it is present beside the jar.
 */
final class ChildCommand {
    /** Name of the AOT cache the build writes beside the process jar. */
    static final String AOT_CACHE_NAME = "echolab-process-child.aot";
    /**
     * C1 only (a child lives for one connection, C2 never pays off), the smallest collector,
     * no hsperfdata file to create, a small fixed heap.
     */
    static final List<String> TUNED_FLAGS = List.of(
            "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:-UsePerfData",
            "-Xms16m", "-Xmx64m", "-Xss512k");

    private final List<String> prefix = new ArrayList<>();

    ChildCommand(boolean tuned, boolean aotCache) {
        prefix.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        prefix.add("--enable-native-access=ALL-UNNAMED");
        if (tuned) {
            prefix.addAll(TUNED_FLAGS);
        }
        Path cache = aotCache().orElse(null);
        if (aotCache && cache != null) {
            prefix.add("-XX:AOTCache=" + cache);
        }
        prefix.add("-cp");
        prefix.add(classPath());
    }

    /** The whole command for the child serving one connection. */
    List<String> forChild(ChildSpec spec) {
        var command = new ArrayList<>(prefix);
        command.addAll(spec.asProperties());
        command.add(ProcessChild.class.getName());
        return command;
    }

    /** Only this module and core: a short class path is faster to open and what the cache was trained with. */
    static String classPath() {
        return location(ProcessChild.class) + File.pathSeparator + location(EchoSession.class);
    }

    /** The build's AOT cache, when the child runs from a jar and the cache sits beside it. */
    static java.util.Optional<Path> aotCache() {
        Path jar = Path.of(location(ProcessChild.class));
        Path cache = jar.resolveSibling(AOT_CACHE_NAME);
        return Files.isRegularFile(jar) && Files.isRegularFile(cache) ? java.util.Optional.of(cache) : java.util.Optional.empty();
    }

    private static String location(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
