package echolab.toolkit;

import echolab.core.Cli;

/**
 * A tool or a privilege that a command needs and this machine does not give it: said in one line
 * that tells how to get it, with exit status 2, like a usage error (nothing was measured).
 */
public final class MissingRequirement extends RuntimeException {
    public MissingRequirement(String message) {
        super(message, null, false, false);
    }

    /** Fails unless {@code tool} is on the PATH, naming the Debian package that has it. */
    public static void requireTool(String command, String tool, String debianPackage) {
        if (!echolab.core.Executables.onPath(tool)) {
            throw new MissingRequirement(command + " needs " + tool + ": apt-get install " + debianPackage);
        }
    }

    /** Runs a command's body as {@link Cli#run} does, and a missing requirement as one line and exit status 2. */
    public static void run(String command, String[] args, Cli.Body body) {
        Cli.run(command, args, arguments -> {
            try {
                body.run(arguments);
            } catch (MissingRequirement e) {
                System.out.flush();
                System.err.println("lab " + command + ": " + e.getMessage());
                System.exit(Cli.USAGE_ERROR);
            }
        });
    }
}
