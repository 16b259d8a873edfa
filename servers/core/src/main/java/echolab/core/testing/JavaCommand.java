package echolab.core.testing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line that runs a main class in a JVM of its own, the way {@code ./lab} runs it:
 * this JVM's {@code java}, native access enabled (the process server's FFM calls), a class path.
 */
public final class JavaCommand {
    private JavaCommand() {
    }

    /** {@code mainClass} with {@code arguments}, on this JVM's class path. */
    public static List<String> of(String mainClass, List<String> arguments) {
        return of(System.getProperty("java.class.path"), mainClass, List.of(), arguments);
    }

    public static List<String> of(String classPath, String mainClass, List<String> jvmOptions, List<String> arguments) {
        var command = new ArrayList<String>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("--enable-native-access=ALL-UNNAMED");
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(classPath);
        command.add(mainClass);
        command.addAll(arguments);
        return command;
    }
}
