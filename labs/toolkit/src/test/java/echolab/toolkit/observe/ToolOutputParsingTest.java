package echolab.toolkit.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

/** observe's process and socket tables, read by the evidence parsers from captured netstat -ptan, ss -tanp and ps output. */
class ToolOutputParsingTest {
    private static final long SERVER = 151_175;
    private static final int PORT = 8990;

    @Test
    void netstatRowsKeepStatesPortsAndProgramsWithSpaces() throws IOException {
        List<SocketRow> rows = SocketRow.parse("netstat -ptan", resource("netstat-ptan.txt"));
        assertEquals(11, rows.size(), "header and notice lines skipped");
        assertEquals(new SocketRow("127.0.0.1", PORT, "0.0.0.0", SocketRow.ANY_PORT, "LISTEN", 1, List.of(SERVER)), rows.get(0));
        assertEquals(List.of(), rows.get(2).pids(), "'-' means no process holds it");
        assertEquals(new SocketRow("::1", 8991, "::", SocketRow.ANY_PORT, "LISTEN", 0, List.of(170_000L)), rows.get(8));
        assertEquals(new SocketRow("127.0.0.1", PORT, "127.0.0.1", 41_234, "ESTABLISHED", 0, List.of(151_300L)),
                rows.get(9));
    }

    @Test
    void ssRowsUseNetstatStateNamesAndListEveryOwner() throws IOException {
        List<SocketRow> rows = SocketRow.parse("ss -tanp", resource("ss-tanp.txt"));
        assertEquals(11, rows.size());
        assertEquals(List.of(SERVER, 151_197L), rows.get(1).pids(), "a socket shared by parent and child");
        assertEquals(List.of(), rows.get(2).pids(), "no users: field");
        assertEquals("TIME_WAIT", rows.get(4).state());
        assertEquals("CLOSE_WAIT", rows.get(5).state());
        assertEquals("FIN_WAIT2", rows.get(6).state(), "spelled the netstat way");
        assertEquals(new SocketRow("::1", 8991, "::", SocketRow.ANY_PORT, "LISTEN", 0, List.of(170_000L)), rows.get(8));
        assertEquals(new SocketRow("127.0.0.1", PORT, "127.0.0.1", 41_234, "ESTABLISHED", 0, List.of(151_300L)),
                rows.get(9));
    }

    @Test
    void psRowsKeepCommandsWithSpacesAndZombies() throws IOException {
        ProcessTable table = ProcessTable.parse(resource("ps.txt"));
        assertEquals(7, table.rows().size());
        ProcessRow zombie = table.rows().get(3);
        assertEquals(new ProcessRow(151_198, SERVER, "Z", 1, 0, "[java] <defunct>"), zombie);
        assertTrue(zombie.zombie());
        assertEquals("tmux: server", table.rows().get(6).command());
        assertEquals(List.of(SERVER, 151_197L, 151_198L, 151_199L),
                table.tree(SERVER).stream().map(ProcessRow::pid).toList(), "grandchildren included, strangers not");
    }

    @Test
    void footprintCountsTheServersProcessesAndSocketsFromNetstat() throws IOException {
        Footprint footprint = new Footprint(SERVER, PORT, ProcessTable.parse(resource("ps.txt")).tree(SERVER),
                SocketRow.parse("netstat -ptan", resource("netstat-ptan.txt")));
        assertEquals(3, footprint.processes());
        assertEquals(1, footprint.zombies());
        assertEquals(22 + 17 + 1, footprint.threads());
        assertEquals(54_376 + 41_220 + 1024, footprint.rssKib());
        assertEquals(3, footprint.serverSide("ESTABLISHED"), "the client's own end is not the server's");
        assertEquals(0, footprint.heldByServer("ESTABLISHED"));
        assertEquals(1, footprint.heldByChildren("ESTABLISHED"));
        assertEquals(1, footprint.unowned("ESTABLISHED"));
        assertEquals(1, footprint.heldByServer("CLOSE_WAIT"));
        assertEquals(1, footprint.serverSide(36_040, "TIME_WAIT"));
        assertEquals(0, footprint.clientSide(36_040, "TIME_WAIT"));
        assertEquals(1, footprint.clientSide(36_050, "FIN_WAIT2"));
    }

    @Test
    void footprintSeesParentAndChildSharingASocketInSs() throws IOException {
        Footprint footprint = new Footprint(SERVER, PORT, ProcessTable.parse(resource("ps.txt")).tree(SERVER),
                SocketRow.parse("ss -tanp", resource("ss-tanp.txt")));
        assertEquals(1, footprint.heldByServer("ESTABLISHED"));
        assertEquals(0, footprint.heldByChildren("ESTABLISHED"), "the parent still holds it");
        assertEquals(1, footprint.acceptQueue());
        assertEquals(1, footprint.unowned("ESTABLISHED"));
        assertEquals(1, footprint.acceptQueue());
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = ToolOutputParsingTest.class.getResourceAsStream("/observe/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
