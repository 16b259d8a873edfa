package echolab.process;

import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

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
        if (aotCache) {
            aotCache().ifPresent(cache -> prefix.add("-XX:AOTCache=" + cache));
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

    /** The command that trains the AOT cache: the tuned child's flags, running {@code rehearsal}. */
    static List<String> forTraining(Path cache, Class<?> rehearsal) {
        var command = new ArrayList<>(new ChildCommand(true, false).prefix);
        command.add(1, "-XX:AOTCacheOutput=" + cache);
        command.add(rehearsal.getName());
        return command;
    }

    /** Only this module and core: a short class path is faster to open and what the cache was trained with. */
    static String classPath() {
        return location(ProcessChild.class) + File.pathSeparator + location(EchoSession.class);
    }

    /** The build's AOT cache, when the child runs from a jar and the cache sits beside it. */
    static Optional<Path> aotCache() {
        Path cache = aotCacheLocation();
        return Files.isRegularFile(cache) ? Optional.of(cache) : Optional.empty();
    }

    /**
     * Beside the process jar; a cache is valid only for the class path it was trained with,
     * so a child run from class directories (the module's own tests) has none.
     */
    static Path aotCacheLocation() {
        Path jar = Path.of(location(ProcessChild.class));
        return Files.isRegularFile(jar) ? jar.resolveSibling(AOT_CACHE_NAME) : jar.resolve(AOT_CACHE_NAME + ".unused");
    }

    private static String location(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
