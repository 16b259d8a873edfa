package echolab.toolkit;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import echolab.core.testing.JavaCommand;

/** For tests of what needs root: running a command as {@code nobody} to see the refusal. */
public final class AsNobody {
    /** A command's exit status and its standard output and error together. */
    public record Result(int status, String output) {
    }

    private AsNobody() {
    }

    /**
     * Runs {@code mainClass} with {@code args} as user nobody ({@code setpriv}, no capabilities left),
     * on a copy of this JVM's class path that nobody may read: the Maven repository under /root is
     * not, and neither are the build's own class folders when the clone sits in a private folder
     * (CI's {@code mktemp -d} is mode 700).
     */
    public static Result run(Path dir, String mainClass, String... args) throws IOException, InterruptedException {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        var classPath = new ArrayList<String>();
        int n = 0;
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path source = Path.of(entry);
            if (Files.isRegularFile(source)) {
                Path copy = dir.resolve((n++) + "-" + source.getFileName());
                Files.copy(source, copy);
                Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rw-r--r--"));
                classPath.add(copy.toString());
            } else if (Files.isDirectory(source)) {
                Path copy = dir.resolve((n++) + "-" + source.getFileName());
                copyReadable(source, copy);
                classPath.add(copy.toString());
            } else {
                classPath.add(entry);
            }
        }
        var command = new ArrayList<>(List.of("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"));
        command.addAll(JavaCommand.of(String.join(File.pathSeparator, classPath), mainClass, List.of(), List.of(args)));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("still running after 60 s: " + command);
        }
        return new Result(process.exitValue(), output);
    }

    /** Copies the folder {@code source} to {@code target}, every folder and file readable by all. */
    private static void copyReadable(Path source, Path target) throws IOException {
        try (var paths = Files.walk(source)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                Path copy = target.resolve(source.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(copy);
                    Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rwxr-xr-x"));
                } else {
                    Files.copy(path, copy);
                    Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rw-r--r--"));
                }
            }
        }
    }
}
