package echolab.toolkit.evidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * Every parser against output captured from the real tools on a lab machine (test resources under
 * evidence/): a process server (pid 26886, port 36891) with three native children that became
 * zombies, two nc clients and a ./lab client.
 */
class ParsersTest {
    private static final long SERVER = 26_886;
    private static final long PORT = 36_891;
    private final Parsers parsers = Parsers.standard();

    @Test
    void psWithAnOColumnListNamesEveryColumnAndKeepsTheCommandWhole() throws IOException {
        Table table = parse("ps -o pid,ppid,stat,nlwp,rss,cmd -p 26886 --ppid 26886", "ps-o.txt");
        assertTrue(table.recognised());
        assertEquals(4, table.size());
        Row server = table.rows().getFirst();
        assertEquals(SERVER, server.get("pid"));
        assertEquals(1L, server.get("ppid"));
        assertEquals("Sl", server.get("stat"));
        assertEquals(19L, server.get("nlwp"));
        assertEquals(72_144L, server.get("rss"));
        assertTrue(server.text("cmd").endsWith("echolab.toolkit.Lab server process --port 0 --launcher native --no-reap"));
        assertEquals(SERVER, table.rows().get(3).get("ppid"));
    }

    @Test
    void psColumnsInAnotherOrderAreReadByTheirOptions() throws IOException {
        Table table = parse("ps -o cmd,stat,pid,ppid --ppid 26886", "ps-o-cmd-first.txt");
        assertTrue(table.recognised());
        assertEquals(List.of(28_080L, 28_134L, 28_293L), table.rows().stream().map(r -> r.get("pid")).toList());
        assertEquals(SERVER, table.rows().getFirst().get("ppid"));
        assertEquals("Sl", table.rows().getFirst().get("stat"));
        assertEquals("/usr/lib/jvm/temurin-25-jdk", table.rows().getFirst().get("cmd"));
    }

    @Test
    void psZombiesKeepTheirBracketedCommand() throws IOException {
        Table table = parse("ps --ppid 26886 -o pid,ppid,stat,cmd", "ps-zombies.txt");
        assertEquals(3, table.size());
        assertTrue(table.rows().stream().allMatch(r -> r.text("stat").startsWith("Z") && r.text("cmd").equals("[java] <defunct>")));
    }

    @Test
    void psXAfterGrepHasNoHeaderSoTheColumnsComeFromTheOptions() throws IOException {
        Table table = parse("ps x | grep -E 'echolab|nc 127' | grep -v grep", "ps-x-grep.txt");
        assertTrue(table.recognised());
        assertEquals(9, table.size());
        Row nc = table.rows().get(3);
        assertEquals(28_023L, nc.get("pid"));
        assertEquals("?", nc.get("tty"));
        assertEquals("S", nc.get("stat"));
        assertEquals("0:00", nc.get("time"));
        assertEquals("nc 127.0.0.1 36891", nc.get("cmd"));
    }

    @Test
    void psAuxWithAndWithoutItsHeader() throws IOException {
        Table grepped = parse("ps aux | grep echolab | grep -v grep", "ps-aux-grep.txt");
        assertTrue(grepped.recognised());
        Row server = grepped.rows().get(2);
        assertEquals("root", server.get("user"));
        assertEquals(SERVER, server.get("pid"));
        assertEquals(8.7, server.get("pcpu"));
        assertEquals(8_883_752L, server.get("vsz"));
        assertEquals(72_144L, server.get("rss"));
        assertEquals("Sl", server.get("stat"));
        Table headed = parse("ps aux | head -5", "ps-aux-head.txt");
        assertTrue(headed.recognised());
        assertEquals(4, headed.size());
        assertEquals("S<Ll", headed.rows().getFirst().get("stat"));
        assertEquals("[kthreadd]", headed.rows().get(1).get("cmd"));
    }

    @Test
    void psEfGivesParentsAndPsDashLGivesThreads() throws IOException {
        Table ef = parse("ps -ef | grep -E 'echolab|nc 127' | grep -v grep", "ps-ef-grep.txt");
        assertTrue(ef.recognised());
        assertEquals(SERVER, ef.rows().get(6).get("ppid"));
        assertEquals(28_080L, ef.rows().get(6).get("pid"));
        Table headedEf = parse("ps -ef | head -4", "ps-ef-head.txt");
        assertEquals(0L, headedEf.rows().getFirst().get("ppid"));
        Table threads = parse("ps -L -p 26886 | head -6", "ps-L.txt");
        assertTrue(threads.recognised());
        assertEquals("GC Thread#0", threads.rows().get(2).get("cmd"), "a thread name with a space");
        assertEquals(26_892L, threads.rows().get(2).get("lwp"));
        Table eLf = parse("ps -eLf | grep echolab | grep -v grep | head -5", "ps-eLf-grep.txt");
        assertEquals(18L, eLf.rows().get(1).get("nlwp"));
        assertEquals(21_883L, eLf.rows().get(2).get("lwp"));
    }

    @Test
    void psAliasesAndHeaderLabelsName() throws IOException {
        Table table = parse("ps -p 26886 -o pid,nlwp,rss,vsz,etime,pcpu,pmem,comm,user,tty,time", "ps-o-many.txt");
        Row row = table.rows().getFirst();
        assertEquals("java", row.get("comm"), "the COMMAND header of comm is not cmd");
        assertEquals("00:12", row.get("etime"));
        assertEquals(0.2, row.get("pmem"));
        var ps = new PsParser();
        assertEquals("stat", ps.canonical("state"));
        assertEquals("nlwp", ps.canonical("threads"));
        assertEquals("cmd", ps.canonical("args"));
    }

    @Test
    void psOutputThatIsNotPsIsNotRecognised() {
        assertFalse(new PsParser().parse("ps x", "total 12\ndrwxr-xr-x 2 root root 4096 Dec  1 21:27 lab-logs\n").recognised());
        assertTrue(new PsParser().parse("ps x | grep nothing", "").recognised(), "grep found nothing: nothing to doubt");
    }

    @Test
    void ssOnIpv6KeepsFamiliesAndNormalisesHosts() throws IOException {
        Table table = parse("ss -6 -tanp", "ss-6-tanp.txt");
        assertTrue(table.recognised());
        Row mapped = table.rows().getFirst();
        assertEquals("127.0.0.1", mapped.get("local"), "::ffff: dropped");
        assertEquals(PORT, mapped.get("lport"));
        assertEquals("ipv6", mapped.get("family"));
        assertEquals("tcp6", mapped.get("proto"));
        assertEquals("*", mapped.get("rport"));
        assertEquals(SERVER, mapped.get("pid"));
        assertEquals("java", mapped.get("program"));
        Row loopback6 = table.rows().get(1);
        assertEquals("::1", loopback6.get("local"));
        assertEquals("::", loopback6.get("remote"));
        assertEquals("LISTEN", loopback6.get("state"));
        assertEquals("nc", loopback6.get("program"));
    }

    @Test
    void ssStateTimeWaitHasNoStateColumnSoTheFilterGivesIt() throws IOException {
        Table table = parse("ss -tan state time-wait '( sport = :36891 )'", "ss-state-time-wait.txt");
        assertTrue(table.recognised());
        assertEquals(2, table.size());
        assertTrue(table.rows().stream().allMatch(r -> r.get("state").equals("TIME_WAIT") && r.get("lport").equals(PORT)));
        assertEquals(44_182L, table.rows().getFirst().get("rport"));
    }

    @Test
    void ssTanpListsEveryOwnerOfASharedSocketOnce() throws IOException {
        Table table = parse("ss -tanp | grep 36891", "ss-tanp.txt");
        Row child = table.rows().stream().filter(r -> r.get("rport").equals(42_738L)).findFirst().orElseThrow();
        assertEquals("ESTABLISHED", child.get("state"));
        assertEquals(List.of(28_293L), child.values("pid"), "fd 9 and fd 0 of one process");
        Table shared = new SocketsParser().parse("ss -tanp", """
                ESTAB 0 0 127.0.0.1:8990 127.0.0.1:36030 users:(("java",pid=151175,fd=9),("java",pid=151197,fd=0))
                FIN-WAIT-2 0 0 127.0.0.1:36050 127.0.0.1:8990
                """);
        assertEquals(List.of(151_175L, 151_197L), shared.rows().getFirst().values("pid"));
        assertEquals(151_175L, shared.rows().getFirst().get("pid"), "the first owner");
        assertEquals("FIN_WAIT2", shared.rows().get(1).get("state"));
    }

    @Test
    void ssWithItsHeaderGluedToTheProcessColumn() throws IOException {
        Table table = parse("ss -tlnp", "ss-tlnp.txt");
        assertTrue(table.recognised());
        assertEquals(3, table.size());
        assertEquals("0.0.0.0", table.rows().getFirst().get("local"));
        assertEquals(PORT, table.rows().get(1).get("lport"));
    }

    @Test
    void netstatWithProgramsAfterGrepAndWithoutThem() throws IOException {
        Table grepped = parse("netstat -ptan | grep ':36891\\b'", "netstat-ptan-grep.txt");
        assertTrue(grepped.recognised());
        assertEquals(7, grepped.size());
        Row listener = grepped.rows().get(2);
        assertEquals("tcp6", listener.get("proto"));
        assertEquals("LISTEN", listener.get("state"));
        assertEquals(SERVER, listener.get("pid"));
        assertEquals("java", listener.get("program"));
        assertEquals("nc", grepped.rows().getFirst().get("program"));
        Table four = parse("netstat -4 -tlnp", "netstat-4-tlnp.txt");
        assertTrue(four.recognised(), "the headers are netstat's own");
        assertEquals(1, four.size());
        assertEquals("ipv4", four.rows().getFirst().get("family"));
        assertEquals(null, four.rows().getFirst().get("pid"), "'-': no process named");
        Table plain = parse("netstat -tan | head", "netstat-tan.txt");
        assertEquals("TIME_WAIT", plain.rows().get(1).get("state"));
    }

    @Test
    void socketOutputThatIsNotASocketToolsIsNotRecognised() {
        assertFalse(new SocketsParser().parse("ss -tan", "hello world\nthis is not ss\n").recognised());
    }

    /** The server parser's quick look (integrity checks every block with it) says what a whole parse says. */
    @Test
    void aServersQuickLookAgreesWithItsWholeParse() throws IOException {
        var server = new ServerParser();
        String command = "./lab server process --port 0";
        for (String output : List.of(resource("server-process.txt"), resource("server-virtual-json.txt"), "",
                "hello world\nnot a server\n", "some noise first\nlistening on 127.0.0.1:8990 (server=virtual pid=7)\n")) {
            assertEquals(server.parse(command, output).recognised(), server.recognises(command, output), output);
        }
        assertFalse(server.recognises(command, "hello world\nnot a server\n"));
    }

    @Test
    void serverHumanLinesBecomeEvents() throws IOException {
        Table table = parse("./lab server process --port 0 --launcher native --no-reap", "server-process.txt");
        assertTrue(table.recognised());
        Row listening = table.rows().getFirst();
        assertEquals("listening", listening.get("event"));
        assertEquals(SERVER, listening.get("pid"));
        assertEquals(PORT, listening.get("port"));
        assertEquals("process", listening.get("kind"));
        assertEquals("127.0.0.1", listening.get("host"));
        Row started = table.rows().stream().filter(r -> r.get("event").equals("child_started")).findFirst().orElseThrow();
        assertEquals(28_080L, started.get("child"));
        Row receiving = table.rows().stream().filter(r -> r.get("event").equals("receiving")).findFirst().orElseThrow();
        assertEquals(28_080L, receiving.get("child"));
        Row closed = table.rows().stream().filter(r -> r.get("event").equals("closed")).findFirst().orElseThrow();
        assertEquals("server closed first (exit)", closed.get("reason"));
        Row incoming = table.rows().stream().filter(r -> r.get("event").equals("incoming")).findFirst().orElseThrow();
        assertEquals(44_174L, incoming.get("remote_port"));
    }

    @Test
    void serverJsonLinesAndTheCLabsSpellingsBecomeTheSameEvents() throws IOException {
        Table json = parse("./lab server virtual --port 0 --json", "server-virtual-json.txt");
        Row stopped = json.rows().getLast();
        assertEquals("stopped", stopped.get("event"));
        assertEquals(4L, stopped.get("accepted"));
        assertEquals(511_575L, stopped.get("bytes_in"));
        assertEquals("virtual", json.rows().getFirst().get("kind"));
        Table c = new ServerParser().parse("./TCPechod 8990", """
                Parent: Waiting for incomming connections at port 8990
                Parent: Incomming connection from 163.117.144.105 remote port 40732
                OOPS! Pipe failure number 3 on process 1372280.
                \tchild 190462 : receiving data:\s
                stopped: server=process pid=41207 accepted=3 active=0 closed=3 broken_pipes=2 resets=1 bytes_in=10 bytes_out=20
                """);
        assertEquals(List.of("waiting", "incoming", "pipe_failure", "receiving", "stopped"),
                c.rows().stream().map(r -> r.get("event")).toList());
        assertEquals(1_372_280L, c.rows().get(2).get("process"));
        assertEquals(3L, c.rows().get(2).get("number"));
        assertEquals(190_462L, c.rows().get(3).get("child"));
        assertEquals(2L, c.rows().get(4).get("broken_pipes"));
    }

    @Test
    void aServerThatCannotListenSaysOnWhichPortAndWhy() {
        Table refused = new ServerParser().parse("./lab server virtual --port 47601 --no-reuse-address",
                "lab server virtual: cannot listen on 127.0.0.1:47601: Address already in use: connections that ended here wait"
                        + " in TIME_WAIT and still hold the port, and --no-reuse-address leaves SO_REUSEADDR off (ss -tan"
                        + " 'sport = :47601' shows them; wait about 60 s or drop --no-reuse-address) (see ./lab server virtual --help)\n");
        Row row = refused.rows().getFirst();
        assertEquals("cannot_listen", row.get("event"));
        assertEquals(47_601L, row.get("port"));
        assertEquals("virtual", row.get("kind"));
        assertTrue(((String) row.get("reason")).startsWith("Address already in use: "), row.toString());
        Row v6 = new ServerParser().parse("./lab server threadpool --bind ::1",
                "lab server threadpool: cannot listen on [::1]:8990: Address already in use (see ./lab server threadpool --help)")
                .rows().getFirst();
        assertEquals("::1", v6.get("host"));
        assertEquals(8990L, v6.get("port"));
    }

    @Test
    void repliesPairWhatWasTypedWithWhatCameBackAndReadWhoami() throws IOException {
        String typed = "(connected to 127.0.0.1:36891 from local port 42738; :help lists the local commands)\n"
                + "> ping\npong\n> whoami\nserver=process pid=28293 thread=main conn=3\n> sleep\ntimeout!\n";
        Table client = new RepliesParser().parse("./lab client 127.0.0.1:36891", typed);
        assertEquals(3, client.size(), "the client's note is not a reply");
        assertEquals("ping", client.rows().getFirst().get("sent"));
        assertEquals("pong", client.rows().getFirst().get("reply"));
        assertEquals(28_293L, client.rows().get(1).get("pid"));
        assertEquals("process", client.rows().get(1).get("server"));
        assertEquals("timeout!", client.rows().get(2).get("reply"));
        // A JVM says what it picked up, or warns, on its output before the client's first reply.
        Table jvm = new RepliesParser().parse("java echolab.clients.EchoClient 127.0.0.1:36891", """
                > whoami
                Picked up JAVA_TOOL_OPTIONS: -Xmx512m
                OpenJDK 64-Bit Server VM warning: Options -Xverify:none and -noverify were deprecated
                [0.004s][warning][os,container] Duplicate cpuset controllers detected
                WARNING: A restricted method in java.lang.System has been called
                server=virtual pid=28293 thread=virtual-31 conn=1
                """);
        assertEquals(1, jvm.size(), "the JVM's own notices are not replies: " + jvm.rows());
        assertEquals(28_293L, jvm.rows().getFirst().get("pid"));
        Table nc = parse("nc 127.0.0.1 36891", "nc1.txt");
        assertEquals(4, nc.size());
        assertEquals(19L, nc.rows().get(2).get("bytes_in"));
        assertEquals("bye", nc.rows().get(3).get("reply"));
    }

    @Test
    void loadAndHalfcloseJsonLinesAndObserveTables() throws IOException {
        Table load = parse("./lab load --port 42703 --connections 2 --duration 1s --json", "load.json");
        Row report = load.rows().getFirst();
        assertEquals(7_991L, report.get("ok"));
        assertEquals(2_639.9, report.get("latency_us_p99"));
        assertEquals(2_639.9, report.get("p99"), "a nested field under its own name too");
        assertEquals(0L, report.get("mismatch"));
        Table halfclose = parse("./lab halfclose 127.0.0.1:42703 --bytes 10000", "halfclose.txt");
        Row eof = halfclose.rows().stream().filter(r -> r.get("msg").equals("got EOF")).findFirst().orElseThrow();
        assertEquals(10_000L, eof.get("total"));
        Table observe = new ObserveParser().parse("./lab observe zombies", """
                zombies: 3 clients quit the process server: who reaps the children
                                            process          process --launcher native   process --launcher native --no-reap
                clients served, then quit   3 (expect 3) ✓   3 (expect 3) ✓              3 (expect 3) ✓
                zombies (Z <defunct>)       0 (expect 0) ✓   0 (expect 0) ✓              3 (expect 3) ✓
                RSS                         53.4 MiB         207.7 MiB                   56.0 MiB
                """);
        assertEquals(9, observe.size());
        Row zombies = observe.rows().get(5);
        assertEquals("process --launcher native --no-reap", zombies.get("server"));
        assertEquals("zombies (Z <defunct>)", zombies.get("fact"));
        assertEquals(3L, zombies.get("value"));
        assertEquals("yes", zombies.get("holds"));
        assertEquals(207.7, observe.rows().get(7).get("value"));
        assertEquals(null, observe.rows().get(7).get("holds"));
    }

    /** A rubric's {@code command: '^tcpdump\b'} is the tcpdump a student typed with sudo in a session that is not root. */
    @Test
    void rubricCommandPatternsSeeTheCommandWithoutALeadingSudo() {
        assertEquals("tcpdump -i lo -n -l 'tcp port 8990'", CommandLine.withoutSudo("sudo tcpdump -i lo -n -l 'tcp port 8990'"));
        assertEquals("ss -tlnp", CommandLine.withoutSudo("sudo -E ss -tlnp"));
        assertEquals("./lab capture", CommandLine.withoutSudo("sudo -u root --preserve-env ./lab capture"));
        assertEquals("pseudo tcpdump", CommandLine.withoutSudo("pseudo tcpdump"));
        assertEquals("ps x", CommandLine.withoutSudo("ps x"));
    }

    @Test
    void commandsAreMatchedToTheirParserThroughWrappersAndFilters() {
        assertEquals("ps", tool("sudo ps -o pid,stat --ppid 4 | grep -v grep"));
        assertEquals("sockets", tool("ss -tanp 2>&1 | grep 8990"));
        assertEquals("sockets", tool("/usr/bin/netstat -ptan"));
        assertEquals("server", tool("./lab server process --launcher native"));
        assertEquals("replies", tool("printf 'ping\\n' | nc -q1 127.0.0.1 8990"), "what nc printed, its input piped in");
        assertEquals("", tool("ps x | wc -l"), "wc prints a count, not ps lines");
        assertEquals("", tool("echo ps"));
    }

    private String tool(String command) {
        return parsers.forCommand(command).map(ToolParser::tool).orElse("");
    }

    private Table parse(String command, String resource) throws IOException {
        ToolParser parser = parsers.forCommand(command).orElseThrow(() -> new AssertionError("no parser reads " + command));
        return parser.parse(command, resource(resource));
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = ParsersTest.class.getResourceAsStream("/evidence/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
