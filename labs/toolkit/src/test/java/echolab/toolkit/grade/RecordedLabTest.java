package echolab.toolkit.grade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import echolab.toolkit.logs.Session;

/**
 * A lab log recorded live, as a student records one, then graded with a rubric of the test's own:
 * a real sequential server in one recording session (terminal 1, ended with SIGINT to its pid),
 * real ps, ss, netstat, nc and the echo client through a second session (terminal 2) and through
 * the single-command form, all into one log. The log scores in full; each rule can be made to
 * miss on its own; a wrong pid, moved stamps and a copied log are caught.
 */
@Timeout(120)
class RecordedLabTest {
    static final String RUBRIC = """
            lab: 99-recorded
            title: A recorded test lab
            rules:
              - id: server-started
                points: 1
                evidence: the sequential server listening, with its pid, and its counters of two connections at its end
                command: 'SequentialServer'
                fact: 'server(event == "stopped", accepted >= 2)'
                capture: 'listening on \\S+:(?<port>\\d+) \\(server=sequential pid=(?<pid>\\d+)\\)'
              - id: server-in-ps
                points: 2
                evidence: ps showing the server process $pid
                command: '^ps\\b'
                fact: 'ps(pid == $pid, cmd ~ "SequentialServer") >= 1'
                hint: 'ps -o pid,ppid,stat,nlwp,cmd -p $pid'
              - id: listener-owned
                points: 2
                evidence: a LISTEN socket on port $port held by $pid
                command: '^ss\\b'
                fact: 'sockets(state == "LISTEN", lport == $port, pid == $pid)'
              - id: connection-in-netstat
                points: 1
                evidence: netstat showing a connection to port $port
                command: '^netstat\\b'
                fact: 'sockets(state == "ESTABLISHED", rport == $port) >= 1'
                after: server-in-ps
              - id: nc-echo
                points: 1
                evidence: nc sending ping and getting pong
                command: '^nc\\b'
                fact: 'replies(sent == "ping", reply == "pong")'
              - id: client-whoami
                points: 1
                evidence: the echo client's whoami naming the server's pid
                any:
                  - command: 'EchoClient'
                    fact: 'replies(sent == "whoami").pid == $pid'
                  - command: '^telnet\\b'
                    output: 'pid=\\d+'
              - id: why-wait
                points: 2
                manual: 'Why does a second client of the sequential server wait?'
            """;

    @TempDir
    static Path dir;
    static Path log;
    static Path rubric;
    static long serverPid;

    @BeforeAll
    static void recordTheLab() throws Exception {
        log = dir.resolve("ana-99.md");
        rubric = dir.resolve("rubric.yaml");
        Files.writeString(rubric, RUBRIC);
        Files.writeString(log, """
                # A recorded test lab — lab log

                Name: Ana Student     Date: 2026-12-01     Machine: test

                ## 2. Observations

                ## 3. Answers

                ### Why does a second client of the sequential server wait?
                Its handshake completes in the kernel's backlog; nobody accepts it until the first leaves.
                """);
        try (Session terminal1 = Session.start(log); Session terminal2 = Session.start(log)) {
            // Terminal 1: the server, until Ctrl-C.
            int from = terminal1.mark();
            terminal1.send(Session.java("echolab.sequential.SequentialServer", "--port", "0"));
            String listening = terminal1.await(from, line -> line.startsWith("listening on "));
            Matcher m = Pattern.compile(":(\\d+) \\(server=sequential pid=(\\d+)\\)").matcher(listening);
            assertTrue(m.find(), listening);
            String port = m.group(1);
            serverPid = Long.parseLong(m.group(2));

            // Terminal 2: the tools, and two clients.
            terminal2.run("ps -o pid,ppid,stat,nlwp,cmd -p " + serverPid);
            terminal2.run("ss -tlnp | grep ':" + port + "\\b'");
            int nc = terminal2.mark();
            terminal2.send("nc 127.0.0.1 " + port);
            terminal2.send("ping");
            terminal2.await(nc, "pong"::equals);
            Session.interrupt(terminal2.descendant("nc", "127.0.0.1 " + port));
            terminal2.awaitEnded(nc);
            int client = terminal2.mark();
            terminal2.send(Session.java("echolab.clients.EchoClient", "127.0.0.1:" + port));
            terminal2.send("whoami");
            terminal2.await(client, line -> line.startsWith("server=sequential"));
            terminal2.send(":bye");
            terminal2.awaitEnded(client);
            // The single-command form, into the same log, while a connection is open.
            try (var open = new java.net.Socket("127.0.0.1", Integer.parseInt(port))) {
                open.getOutputStream().write("ping\n".getBytes(StandardCharsets.US_ASCII));
                open.setSoTimeout(10_000);
                assertEquals('p', open.getInputStream().read());
                recordOne(log, "netstat -tanp | grep ':" + port + "\\b'");
            }
            assertEquals(0, terminal2.finish());

            Session.interrupt(serverPid);
            terminal1.awaitEnded(from);
            assertEquals(0, terminal1.finish());
        }
    }

    /** {@code lab record --log LOG -- COMMAND} in this JVM (its main would exit). */
    static void recordOne(Path log, String command) throws Exception {
        Method record = Class.forName("echolab.toolkit.logs.Record")
                .getDeclaredMethod("record", Path.class, String.class, java.io.InputStream.class, PrintStream.class);
        record.setAccessible(true);
        record.invoke(null, log, command, new ByteArrayInputStream(new byte[0]),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    }

    @Test
    void theRecordedLogScoresFullMarksAndEveryRuleCanFailOnItsOwn() {
        GradeRunner result = GradeRunner.grade(log.toString(), "--rubric", rubric.toString(), "--require-full", "--self-test");
        assertEquals(0, result.status(), result.toString());
        assertTrue(result.out().contains("Ana Student — 99-recorded: 8/8 (+2 by hand)"), result.out());
        assertTrue(result.out().contains("why-wait _/2 by hand: \"Why does a second client of the sequential server wait?\""),
                result.out());
        for (String rule : new String[]{"server-started", "server-in-ps", "listener-owned", "connection-in-netstat", "nc-echo",
                "client-whoami"}) {
            assertTrue(result.out().contains("self-test " + rule + ": ok"), rule + "\n" + result.out());
        }
        assertTrue(!result.out().contains("flag:"), result.out());
    }

    @Test
    void theLogRecordedTheTypedLinesTheInterruptionAndTheServerBlockLast() throws Exception {
        String text = Files.readString(log);
        assertTrue(text.matches("(?s).*\\] nc 127\\.0\\.0\\.1 \\d+\n> ping\npong\n\\[ended [^\\]]*, exit status 130, interrupted].*"), text);
        assertTrue(text.lastIndexOf("SequentialServer") > text.indexOf("] nc 127"), "the server's block ends last");
        assertTrue(text.indexOf("## 3. Answers") > text.lastIndexOf("[ended "), "every block is in the Observations section");
    }

    @Test
    void removingOneRulesEvidenceFromTheFileLosesExactlyThatRule() throws Exception {
        String text = Files.readString(log);
        Path noNc = dir.resolve("no-nc-99.md");
        Files.writeString(noNc, text.replaceAll("(?s)```txt\\n\\[[^\\n]*\\] nc 127[^`]*```\\n", ""));
        GradeRunner result = GradeRunner.grade(noNc.toString(), "--rubric", rubric.toString(), "--expect-miss", "nc-echo");
        assertEquals(0, result.status(), result.toString());
        assertTrue(result.out().contains("nc-echo 0/1: not shown: nc sending ping and getting pong (no block's command matches /^nc\\b/)"),
                result.out());
    }

    @Test
    void aPsBlockOfAnotherProcessFailsTheRuleThatNeedsTheServersPid() throws Exception {
        String text = Files.readString(log);
        long other = serverPid + 100_000;
        Path wrong = dir.resolve("wrong-pid-99.md");
        Files.writeString(wrong, text.replaceAll("(?m)^(\\s*)" + serverPid + "(\\s+\\d+\\s+\\S+\\s+\\d+\\s+.*SequentialServer)",
                "$1" + other + "$2"));
        GradeRunner result = GradeRunner.grade(wrong.toString(), "--rubric", rubric.toString(), "--expect-miss", "server-in-ps,connection-in-netstat");
        assertEquals(0, result.status(), result.toString());
        assertTrue(result.out().contains("in none does ps(pid == " + serverPid + ", cmd ~ \"SequentialServer\") >= 1 hold"),
                result.out());
        assertTrue(result.out().contains("hint: ps -o pid,ppid,stat,nlwp,cmd -p " + serverPid), result.out());
        assertTrue(result.out().contains("connection-in-netstat 0/1: not tried"), "it comes after server-in-ps\n" + result.out());
    }

    @Test
    void stampsMovedOutOfOrderRaiseAnIntegrityFlag() throws Exception {
        String text = Files.readString(log);
        Matcher firstEnd = Pattern.compile("\\[ended (\\d{4}-\\d{2}-\\d{2}, \\d{2}:\\d{2}:\\d{2})").matcher(text);
        assertTrue(firstEnd.find());
        var format = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd, HH:mm:ss");
        String later = "[ended " + format.format(java.time.LocalDateTime.parse(firstEnd.group(1), format).plusHours(1));
        Path moved = dir.resolve("moved-99.md");
        Files.writeString(moved, text.substring(0, firstEnd.start()) + later + text.substring(firstEnd.end()));
        GradeRunner result = GradeRunner.grade(moved.toString(), "--rubric", rubric.toString());
        assertEquals(0, result.status(), result.toString());
        assertTrue(result.out().contains("flag: " + moved + ":") && result.out().contains("end stamps go backwards"), result.out());
    }

    @Test
    void twoCopiesUnderDifferentNamesAreFlaggedAsIdenticalEvidence() throws Exception {
        Path alice = dir.resolve("copies/alice-99.md");
        Path bob = dir.resolve("copies/bob-99.md");
        Files.createDirectories(alice.getParent());
        Files.copy(log, alice);
        Files.writeString(bob, Files.readString(log).replace("Name: Ana Student", "Name: Bob Other"));
        GradeRunner result = GradeRunner.grade(alice.toString(), bob.toString(), "--rubric", rubric.toString());
        assertEquals(0, result.status(), result.toString());
        assertTrue(result.out().contains("flag: " + alice + ":") && result.out().contains("identical evidence")
                && result.out().contains("in " + bob + ":"), result.out());
        assertTrue(result.out().contains("student") && result.out().contains("passed"), "the class table\n" + result.out());
    }

}
