package echolab.process;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Run by the build at {@code package}: trains the children's AOT cache (JEP 483/514) by running
 * a tuned child JVM with {@code -XX:AOTCacheOutput} through one rehearsed connection, and
 * writes it beside the process jar, where {@link ChildCommand} finds it.
 */
public final class AotCacheBuilder {
    private AotCacheBuilder() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        Path cache = ChildCommand.aotCacheLocation();
        var training = new ProcessBuilder(ChildCommand.forTraining(cache, ChildRehearsal.class)).inheritIO().start();
        int status = training.waitFor();
        if (status != 0) {
            System.err.println("AOT cache training failed with status " + status + "; children will start without it");
            System.exit(status);
        }
        System.out.println("AOT cache for process children: " + cache);
    }
}
