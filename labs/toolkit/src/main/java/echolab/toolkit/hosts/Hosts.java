package echolab.toolkit.hosts;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import echolab.core.Cli;
import echolab.core.UsageException;
import echolab.toolkit.MissingRequirement;
import echolab.toolkit.Privileges;

/**
 * {@code ./lab hosts}: the C lab's three machines on one, as network namespaces {@code vit001},
 * {@code vit002} and {@code vit003}, each with an {@code eth0} joined by a veth pair to a bridge
 * in a fourth namespace, {@code vitlan} (the switch). Nothing is added to the machine's own
 * network: removing the four namespaces removes every link, address and route, which is why
 * {@code down} is complete and idempotent, also after a crash. Names resolve through the
 * {@code /etc/netns/HOST/hosts} files that {@code ip netns exec} puts in place of {@code /etc/hosts}.
 */
public final class Hosts {
    /** The hosts, their addresses (TEST-NET-1, RFC 5737: never a real network), and the switch. */
    public static final List<String> NAMES = List.of("vit001", "vit002", "vit003");
    static final String SWITCH = "vitlan";
    static final String BRIDGE = "br0";
    static final String PREFIX = "192.0.2.";
    static final Path NETNS_ETC = Path.of("/etc/netns");
    private static final String MARK = "# written by ./lab hosts up; ./lab hosts down removes it";
    private static final long COMMAND_SECONDS = 20;

    private Hosts() {
    }

    public static void main(String[] args) {
        MissingRequirement.run("hosts", args, arguments -> System.exit(run(arguments, System.out)));
    }

    /** The address of {@code host}: vit001 is 192.0.2.1. */
    public static String address(String host) {
        return PREFIX + Integer.parseInt(host.substring(3));
    }

    public static int run(String[] args, PrintStream out) throws IOException {
        int separator = Arrays.asList(args).indexOf("--");
        String[] options = separator < 0 ? args : Arrays.copyOfRange(args, 0, separator);
        List<String> command = separator < 0 ? List.of() : List.of(args).subList(separator + 1, args.length);
        var cli = new Cli("hosts", "up|down|status|exec HOST -- CMD",
                "Three hosts on one machine, as the C lab had: network namespaces vit001 (" + address("vit001") + "), vit002, vit003 on one"
                        + " bridge. 'exec vit002 -- ./lab client vit001:8990' runs a command on a host; names resolve there."
                        + " Needs root (CAP_SYS_ADMIN, CAP_NET_ADMIN). Packet delay and loss are not offered: this kernel has no"
                        + " sch_netem and no tc drop action.");
        Cli.Parsed parsed = cli.parse(options);
        List<String> words = parsed.arguments();
        if (words.isEmpty()) {
            throw new UsageException("say what to do: up, down, status or exec HOST -- CMD");
        }
        String action = words.getFirst();
        return switch (action) {
            case "up" -> {
                requireRoot();
                up(out);
                yield 0;
            }
            case "down" -> {
                requireRoot();
                down(out);
                yield 0;
            }
            case "status" -> status(out);
            case "exec" -> {
                if (words.size() != 2 || command.isEmpty()) {
                    throw new UsageException("exec takes a host and a command: exec vit001 -- ./lab server virtual --bind 0.0.0.0");
                }
                requireRoot();
                yield exec(host(words.get(1)), command);
            }
            default -> throw new UsageException("unknown action '" + action + "': up, down, status or exec HOST -- CMD");
        };
    }

    /** Creates the switch and the three hosts; a set-up left from before is removed first. */
    static void up(PrintStream out) throws IOException {
        MissingRequirement.requireTool("hosts", "ip", "iproute2");
        down(null);
        try {
            ip("netns", "add", SWITCH);
            ip("-n", SWITCH, "link", "add", BRIDGE, "type", "bridge");
            ip("-n", SWITCH, "link", "set", BRIDGE, "up");
            for (String host : NAMES) {
                ip("netns", "add", host);
                // The switch's end of the cable is named after the host it leads to.
                ip("-n", SWITCH, "link", "add", host, "type", "veth", "peer", "name", "eth0", "netns", host);
                ip("-n", SWITCH, "link", "set", host, "master", BRIDGE, "up");
                ip("-n", host, "link", "set", "lo", "up");
                ip("-n", host, "addr", "add", address(host) + "/24", "dev", "eth0");
                ip("-n", host, "link", "set", "eth0", "up");
                writeHostsFile(host);
            }
        } catch (IOException | RuntimeException e) {
            down(null);
            throw e;
        }
        if (out != null) {
            out.println("up: " + String.join(", ", NAMES.stream().map(h -> h + " " + address(h)).toList())
                    + " on bridge " + BRIDGE + " in namespace " + SWITCH);
            out.println("try: ./lab hosts exec vit001 -- ./lab server virtual --bind 0.0.0.0");
            out.println("     ./lab hosts exec vit002 -- ./lab client vit001:8990");
        }
    }

    /** Removes whatever {@link #up} made that still exists; nothing to remove is no error. */
    static void down(PrintStream out) throws IOException {
        var removed = new ArrayList<String>();
        List<String> existing = namespaces();
        for (String name : allNamespaces()) {
            if (existing.contains(name)) {
                ip("netns", "del", name);
                removed.add(name);
            }
        }
        for (String host : NAMES) {
            Path file = NETNS_ETC.resolve(host).resolve("hosts");
            if (Files.isRegularFile(file) && Files.readString(file).startsWith(MARK)) {
                Files.delete(file);
                try (var left = Files.list(file.getParent())) {
                    if (left.findAny().isEmpty()) {
                        Files.delete(file.getParent());
                    }
                }
            }
        }
        if (out != null) {
            out.println(removed.isEmpty() ? "down: nothing to remove" : "down: removed namespaces " + String.join(", ", removed));
        }
    }

    static int status(PrintStream out) throws IOException {
        List<String> existing = namespaces();
        int up = 0;
        for (String host : NAMES) {
            if (!existing.contains(host)) {
                out.printf("%-7s down%n", host);
                continue;
            }
            up++;
            String addresses = ip("-n", host, "-br", "addr", "show", "dev", "eth0").strip();
            out.printf("%-7s up     %s%n", host, addresses.replaceAll("\\s+", " "));
        }
        out.printf("%-7s %s%n", SWITCH, existing.contains(SWITCH) ? "up     bridge " + BRIDGE : "down");
        return up == NAMES.size() && existing.contains(SWITCH) ? 0 : 1;
    }

    /** Runs {@code command} on {@code host} with this terminal, and returns its exit status. */
    static int exec(String host, List<String> command) throws IOException {
        if (!namespaces().contains(host)) {
            throw new UsageException("host " + host + " is not up: ./lab hosts up");
        }
        var full = new ArrayList<>(List.of("ip", "netns", "exec", host));
        full.addAll(command);
        Process process = new ProcessBuilder(full).inheritIO().start();
        try {
            return process.waitFor();
        } catch (InterruptedException e) {
            process.destroy();
            Thread.currentThread().interrupt();
            return 130;
        }
    }

    private static String host(String name) {
        if (!NAMES.contains(name)) {
            throw new UsageException("no host '" + name + "': hosts are " + String.join(", ", NAMES));
        }
        return name;
    }

    private static List<String> allNamespaces() {
        var all = new ArrayList<>(NAMES);
        all.add(SWITCH);
        return all;
    }

    /** The names {@code ip netns list} shows. */
    static List<String> namespaces() throws IOException {
        MissingRequirement.requireTool("hosts", "ip", "iproute2");
        return ip("netns", "list").lines().map(line -> line.split("\\s+")[0]).filter(s -> !s.isEmpty()).toList();
    }

    private static void writeHostsFile(String host) throws IOException {
        var text = new StringBuilder(MARK).append('\n')
                .append("127.0.0.1\tlocalhost\n::1\tlocalhost\n");
        for (String name : NAMES) {
            text.append(address(name)).append('\t').append(name).append('\n');
        }
        Path dir = Files.createDirectories(NETNS_ETC.resolve(host));
        Files.writeString(dir.resolve("hosts"), text, StandardCharsets.UTF_8);
    }

    private static void requireRoot() {
        // CAP_SYS_ADMIN to create a namespace, CAP_NET_ADMIN to make its links.
        if (!Privileges.has(Privileges.SYS_ADMIN, Privileges.NET_ADMIN)) {
            throw new MissingRequirement("hosts needs root (CAP_SYS_ADMIN and CAP_NET_ADMIN) to make network namespaces: run it with sudo");
        }
    }

    /** Runs {@code ip ARGS}, returning its output; a failure is an I/O error carrying what ip said. */
    static String ip(String... args) throws IOException {
        var command = new ArrayList<String>();
        command.add("ip");
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!process.waitFor(COMMAND_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not finish");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + String.join(" ", command), e);
        }
        if (process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + ": " + output.strip());
        }
        return output;
    }
}
