package echolab.toolkit;

import java.lang.reflect.InvocationTargetException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import echolab.core.Cli;
import echolab.core.ServerCommandLine;

/**
 * {@code ./lab <command>}: the one entry point a student learns. Each command is the main class
 * of the module that owns it, reached by name, so that the CLI knows every command without
 * depending on how each is built; {@code ./lab test} and {@code ./lab jmh} are run by the
 * launcher script itself.
 */
public final class Lab {
    private record Command(String mainClass, String synopsis, String summary) {
    }

    private static final Map<String, Command> COMMANDS = new LinkedHashMap<>();

    static {
        COMMANDS.put("server", new Command(null, "<kind> [options]",
                "run an echo server: " + String.join(", ", ServerCommandLine.kinds())));
        COMMANDS.put("client", new Command("echolab.clients.EchoClient", "[options] HOST:PORT",
                "type lines to a server and see its replies; :shutdown, :linger, :die ..."));
        COMMANDS.put("load", new Command("echolab.clients.LoadClient", "[options] [MESSAGE...]",
                "many connections, every reply verified, latency percentiles"));
        COMMANDS.put("halfclose", new Command("echolab.clients.HalfCloseClient", "[options] HOST:PORT",
                "ask for a stream, half-close, read to the end"));
        COMMANDS.put("dump", new Command("echolab.dump.DumpServer", "[options]",
                "show what arrives over TCP, UDP and WebSocket; answer by hand"));
        COMMANDS.put("observe", new Command("echolab.toolkit.observe.Observe", "[scenario...] [options]",
                "netstat/ps evidence of each model, side by side"));
        COMMANDS.put("capture", new Command("echolab.toolkit.capture.Capture", "[scenario...] [options]",
                "tcpdump of each model as sequence diagrams and TCP facts (root)"));
        COMMANDS.put("trace", new Command("echolab.toolkit.trace.Trace", "[scenario...] [options]",
                "strace of each model: system calls per request and connection"));
        COMMANDS.put("hosts", new Command("echolab.toolkit.hosts.Hosts", "up|down|status|exec HOST -- CMD",
                "three hosts vit001..vit003 as network namespaces (root)"));
        COMMANDS.put("compare", new Command("echolab.benchmarks.compare.Compare", "[options]",
                "benchmark the four models and their peers in one run"));
        COMMANDS.put("jmh", new Command(null, "[JMH options]",
                "the JMH benchmarks on the JDK ./lab found; -l lists them"));
        COMMANDS.put("demo", new Command("echolab.toolkit.Demo", "[options]",
                "start each server, run a few clients, show whoami and stats"));
        COMMANDS.put("record", new Command("echolab.toolkit.logs.Record", "--log FILE [-- <command>]",
                "record commands and their output into a lab log (no command: a session)"));
        COMMANDS.put("grade", new Command("echolab.toolkit.grade.Grading", "LOG... [options]",
                "grade lab logs against their rubrics; gradebook exports"));
        COMMANDS.put("labs", new Command("echolab.toolkit.course.Labs", "",
                "the course: each lab's title, model, minutes, and whether this machine can run it"));
        COMMANDS.put("check", new Command("echolab.toolkit.course.Check", "NN|all [--keep-log FILE]",
                "run a lab's check: its steps recorded, graded in full, every rule shown to fail"));
        COMMANDS.put("test", new Command(null, "", "build and run every test (run by ./lab itself)"));
    }

    private Lab() {
    }

    public static void main(String[] args) throws Throwable {
        if (args.length == 0 || args[0].equals("help") || args[0].equals("--help") || args[0].equals("-h")) {
            printHelp();
            return;
        }
        String name = args[0];
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        Command command = COMMANDS.get(name);
        if (command == null) {
            fail("unknown command '" + name + "' (./lab help lists them)");
        }
        if (name.equals("server")) {
            server(rest);
        } else if (command.mainClass() == null) {
            fail("'" + name + "' is run by the ./lab launcher script, not by the JVM");
        } else {
            run(name, command.mainClass(), rest);
        }
    }

    private static void server(String[] args) throws Throwable {
        if (args.length == 0 || args[0].startsWith("-")) {
            if (args.length > 0 && (args[0].equals("--help") || args[0].equals("-h"))) {
                System.out.println("usage: ./lab server <kind> [options]   kinds: " + String.join(", ", ServerCommandLine.kinds()));
                System.out.println("       ./lab server <kind> --help      the options of one kind");
                return;
            }
            fail("server needs a kind: " + String.join(", ", ServerCommandLine.kinds()));
        }
        String mainClass = ServerCommandLine.mainClass(args[0]);
        if (mainClass == null) {
            fail("unknown server kind '" + args[0] + "': choose " + String.join(", ", ServerCommandLine.kinds()));
        }
        run("server " + args[0], mainClass, Arrays.copyOfRange(args, 1, args.length));
    }

    private static void run(String name, String mainClass, String[] args) throws Throwable {
        Class<?> type;
        try {
            type = Class.forName(mainClass);
        } catch (ClassNotFoundException e) {
            fail("'" + name + "' is not part of this build yet (" + mainClass + " not found)");
            return;
        }
        try {
            type.getMethod("main", String[].class).invoke(null, (Object) args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static void printHelp() {
        System.out.println("usage: ./lab <command> [options]     ./lab <command> --help for a command's options");
        System.out.println();
        COMMANDS.forEach((name, command) -> System.out.printf("  %-10s %-28s %s%n", name, command.synopsis(), command.summary()));
    }

    private static void fail(String message) {
        System.err.println("lab: " + message);
        System.exit(Cli.USAGE_ERROR);
    }
}
