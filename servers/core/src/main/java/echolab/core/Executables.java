package echolab.core;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Programs found along PATH, as {@code exec} finds them: the one lookup the servers, benchmarks and tools share. */
public final class Executables {
    private Executables() {
    }

    /** The first executable file named {@code program} in a PATH folder (/usr/bin:/bin when PATH is unset). */
    public static Optional<Path> find(String program) {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        for (String folder : path.split(File.pathSeparator)) {
            if (folder.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(folder, program);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate.toAbsolutePath());
            }
        }
        return Optional.empty();
    }

    /** Whether {@code program} is on PATH. */
    public static boolean onPath(String program) {
        return find(program).isPresent();
    }
}
