package echolab.toolkit.evidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The ./lab dump parser on the dump's real output: human lines with hex dumps, and --json lines. */
class DumpParserTest {
    private final DumpParser parser = new DumpParser();

    @Test
    void readsTheDumpCommandOnly() {
        assertTrue(parser.reads("./lab dump --tcp-port 8990 --udp-port 0 --ws-port 0"));
        assertTrue(parser.reads("./lab dump --json"));
        assertFalse(parser.reads("./lab client 127.0.0.1:8990"));
        assertFalse(parser.reads("nc -u 127.0.0.1 1234"));
        assertTrue(Parsers.standard().forTool("dump").isPresent());
        assertTrue(Parsers.standard().forCommand("./lab dump").orElseThrow() instanceof DumpParser);
    }

    @Test
    void humanLinesTextAndHexDumpsAsAPipedConsoleShowsThem() {
        // A client wrote "hello\r\n", "hi\n" and 00 01 fe ff; one read took them all, so the dump
        // shows one message as a hex dump.
        String output = """
                tcp listening on 127.0.0.1:36907
                udp listening on 127.0.0.1:56364
                ws listening on 127.0.0.1:45789 (any path)
                type 'help' for commands, 'quit' to stop
                tcp 1 connected from 127.0.0.1:57586
                tcp 1 127.0.0.1:57586 in 14 bytes:
                  00000000  68 65 6c 6c 6f 0d 0a 68  69 0a 00 01 fe ff        |hello..hi.....|
                tcp: 1 client
                  1   127.0.0.1:57586              since 00:55:24  in 14  out 0
                udp: no clients
                ws: no clients
                tcp 1 127.0.0.1:57586 out 8 bytes: "welcome\\n"
                tcp 1 127.0.0.1:57586 out 4 bytes: "Hi!\\n"
                error: unknown command 'bogus' (help lists them)
                tcp 1 disconnected: 127.0.0.1:57586 (closed by console)
                udp 1 new sender 127.0.0.1:55859
                udp 1 127.0.0.1:55859 in 7 bytes: "udp hi\\n"
                udp 1 forgotten: 127.0.0.1:55859 (server stopping)
                stopped: clients served tcp=1 udp=1 ws=0
                """;
        Table table = parser.parse("./lab dump --tcp-port 0", output);
        assertTrue(table.recognised());
        assertEquals(List.of("listening", "listening", "listening", "connected", "received", "client", "sent", "sent",
                "error", "disconnected", "connected", "received", "disconnected", "stopped"), column(table, "event"));
        Row tcp = table.rows().getFirst();
        assertEquals("tcp", tcp.get("proto"));
        assertEquals("127.0.0.1", tcp.get("host"));
        assertEquals(36907L, tcp.get("port"));

        Row mixed = table.rows().get(4);
        assertEquals(1L, mixed.get("client"));
        assertEquals("127.0.0.1", mixed.get("remote"));
        assertEquals(57586L, mixed.get("remote_port"));
        assertEquals("in", mixed.get("direction"));
        assertEquals(14L, mixed.get("length"));
        assertEquals("yes", mixed.get("binary"));
        assertEquals("68656c6c6f0d0a68690a0001feff", mixed.get("hex"));
        assertEquals(1L, mixed.get("crlf"));
        assertEquals(1L, mixed.get("lf"));
        assertEquals(null, mixed.get("text"));

        Row listed = table.rows().get(5);
        assertEquals("tcp", listed.get("proto"));
        assertEquals(14L, listed.get("bytes_in"));
        assertEquals(0L, listed.get("bytes_out"));
        assertEquals("00:55:24", listed.get("since"));

        Row welcome = table.rows().get(6);
        assertEquals("welcome\n", welcome.get("text"));
        assertEquals("no", welcome.get("binary"));
        assertEquals("out", welcome.get("direction"));
        assertEquals(0L, welcome.get("crlf"));
        assertEquals(1L, welcome.get("lf"));
        assertEquals("4869210a", table.rows().get(7).get("hex"));
        assertEquals("unknown command 'bogus' (help lists them)", table.rows().get(8).get("message"));
        assertEquals("closed by console", table.rows().get(9).get("reason"));
        assertEquals("udp", table.rows().get(11).get("proto"));
        assertEquals("udp hi\n", table.rows().get(11).get("text"));
        Row stopped = table.rows().getLast();
        assertEquals(1L, stopped.get("tcp"));
        assertEquals(1L, stopped.get("udp"));
        assertEquals(0L, stopped.get("ws"));
    }

    @Test
    void aRecordedBlockWithTypedCommandsAndAHexDumpOverTwoLines() {
        // Lab 13's check, as ./lab record logged it: the console commands typed into the dump are "> " lines.
        String output = """
                tcp listening on 127.0.0.1:39369
                udp listening on 127.0.0.1:49970
                ws listening on 127.0.0.1:44005 (any path)
                type 'help' for commands, 'quit' to stop
                tcp 1 connected from 127.0.0.1:52936
                tcp 1 127.0.0.1:52936 in 17 bytes:
                  00000000  68 65 6c 6c 6f 0d 0a 68  65 6c 6c 6f 0a 00 01 fe  |hello..hello....|
                  00000010  ff                                                |.|
                > list
                tcp: 1 client
                  1   127.0.0.1:52936              since 01:03:12  in 17  out 0
                udp: no clients
                ws: no clients
                > send tcp 1 hello from the dump
                > sendb tcp 1 48 69 21 0a
                tcp 1 127.0.0.1:52936 out 20 bytes: "hello from the dump\\n"
                tcp 1 127.0.0.1:52936 out 4 bytes: "Hi!\\n"
                > close tcp 1
                tcp 1 disconnected: 127.0.0.1:52936 (closed by console)
                udp 1 new sender 127.0.0.1:57763
                udp 1 127.0.0.1:57763 in 9 bytes: "over udp\\n"
                > quit
                udp 1 forgotten: 127.0.0.1:57763 (server stopping)
                stopped: clients served tcp=1 udp=1 ws=0
                """;
        Table table = parser.parse("./lab dump --tcp-port 0 --udp-port 0 --ws-port 0", output);
        assertEquals(List.of("listening", "listening", "listening", "connected", "received", "client", "sent", "sent",
                "disconnected", "connected", "received", "disconnected", "stopped"), column(table, "event"));
        Row received = table.rows().get(4);
        assertEquals(17L, received.get("length"));
        assertEquals("68656c6c6f0d0a68656c6c6f0a0001feff", received.get("hex"));
        assertEquals(1L, received.get("crlf"));
        assertEquals(1L, received.get("lf"));
        assertEquals("hello from the dump\n", table.rows().get(6).get("text"));
        assertEquals("4869210a", table.rows().get(7).get("hex"));
        assertEquals("over udp\n", table.rows().get(10).get("text"));
    }

    @Test
    void jsonLinesGiveTheSameFields() {
        String output = """
                {"time":"2026-12-02T00:55:38.022289469Z","event":"listening","proto":"tcp","host":"127.0.0.1","port":32971}
                {"time":"2026-12-02T00:55:38.087176762Z","event":"note","message":"type 'help' for commands, 'quit' to stop"}
                {"time":"2026-12-02T00:55:38.267592082Z","event":"connected","proto":"tcp","client":1,"name":"127.0.0.1:40324"}
                {"time":"2026-12-02T00:55:38.311013718Z","event":"received","proto":"tcp","client":1,"name":"127.0.0.1:40324","length":14,"hex":"68656c6c6f0d0a68690a0001feff"}
                {"time":"2026-12-02T00:55:38.916792287Z","event":"clients","clients":[{"proto":"tcp","client":1,"name":"127.0.0.1:40324","since":"2026-12-02T00:55:38.244Z","bytes_in":14,"bytes_out":0}]}
                {"time":"2026-12-02T00:55:38.945650519Z","event":"sent","proto":"tcp","client":1,"name":"127.0.0.1:40324","length":8,"text":"welcome\\n"}
                {"time":"2026-12-02T00:55:38.964162197Z","event":"disconnected","proto":"tcp","client":1,"name":"127.0.0.1:40324","reason":"closed by console","bytes_in":14,"bytes_out":12}
                {"time":"2026-12-02T00:55:38.970057112Z","event":"received","proto":"udp","client":1,"name":"127.0.0.1:46878","length":7,"text":"udp hi\\r\\n"}
                {"time":"2026-12-02T00:55:40.518599160Z","event":"note","message":"stopped: clients served tcp=1 udp=1 ws=0"}
                """;
        Table table = parser.parse("./lab dump --json", output);
        assertEquals(List.of("listening", "note", "connected", "received", "client", "sent", "disconnected", "received", "stopped"),
                column(table, "event"));
        assertEquals(32971L, table.rows().getFirst().get("port"));
        Row mixed = table.rows().get(3);
        assertEquals("yes", mixed.get("binary"));
        assertEquals(1L, mixed.get("crlf"));
        assertEquals(1L, mixed.get("lf"));
        assertEquals(40324L, mixed.get("remote_port"));
        assertEquals(14L, table.rows().get(4).get("bytes_in"));
        assertEquals("127.0.0.1", table.rows().get(4).get("remote"));
        assertEquals("no", table.rows().get(5).get("binary"));
        assertEquals("77656c636f6d650a", table.rows().get(5).get("hex"));
        assertEquals(12L, table.rows().get(6).get("bytes_out"));
        Row udp = table.rows().get(7);
        assertEquals(1L, udp.get("crlf"));
        assertEquals(0L, udp.get("lf"));
        assertEquals(1L, table.rows().getLast().get("udp"));
    }

    @Test
    void otherOutputIsNotTheDumps() {
        assertFalse(parser.parse("./lab dump", "PID TTY TIME CMD\n  1 ?   00:00:01 init\n").recognised());
        assertTrue(parser.parse("./lab dump", "").recognised());
    }

    private static List<Object> column(Table table, String field) {
        return table.rows().stream().map(row -> row.get(field)).toList();
    }
}
