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
 * trains (JEP 483/514) when it is present beside the jar. Every child runs under a name that
 * says what it is ({@link #name}), which is what {@code ps} shows first.
 */
public final class ChildCommand {
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
        this(tuned, aotCache ? aotCache() : Optional.empty(), classPath());
    }

    private ChildCommand(boolean tuned, Optional<Path> aotCache, String classPath) {
        prefix.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        prefix.add("--enable-native-access=ALL-UNNAMED");
        if (tuned) {
            prefix.addAll(TUNED_FLAGS);
        }
        aotCache.ifPresent(cache -> prefix.add("-XX:AOTCache=" + cache));
        prefix.add("-cp");
        prefix.add(classPath);
    }

    /**
     * The JVM's own start-up floor under a child's flags: {@code java} with the tuned flags and
     * no AOT cache (the JDK's default CDS archive) running {@code mainClass}, which the JMH
     * benchmark {@code ConnectEchoClose} gives an empty {@code main}.
     */
    public static List<String> jvmFloor(String classPath, String mainClass) {
        var command = new ArrayList<>(new ChildCommand(true, Optional.empty(), classPath).prefix);
        command.add(mainClass);
        return command;
    }

    /** The whole command for the child serving one connection; the first element is the program. */
    List<String> forChild(ChildSpec spec) {
        var command = new ArrayList<>(prefix);
        command.addAll(spec.asProperties());
        command.add(ProcessChild.class.getName());
        return command;
    }

    /**
     * The child's argv[0]: {@code echolab child conn=3 of 41207}. The JDK's launcher finds its
     * home through /proc/self/exe, not argv[0], so any name will do, and this one makes the
     * children of a server read at a glance in {@code ps x}.
     */
    static String name(ChildSpec spec) {
        return "echolab child conn=" + spec.connection() + " of " + spec.parentPid();
    }

    /**
     * The command that trains the AOT cache: exactly the tuned child's, serving {@code spec}'s
     * connection, with the cache written when it exits.
     */
    static List<String> forTraining(Path cache, ChildSpec spec) {
        var command = new ChildCommand(true, false).forChild(spec);
        command.add(1, "-XX:AOTCacheOutput=" + cache);
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
