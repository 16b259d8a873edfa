package echolab.toolkit.evidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The tcpdump, strace -c, capture and trace parsers on output as the tools print it. */
class EvidenceParsersTest {
    @Test
    void tcpdumpWithNamesAndRelativeNumbersAsTheCLabLogged() {
        String output = """
                tcpdump: verbose output suppressed, use -v[v]... for full protocol decode
                listening on eth0, link-type EN10MB (Ethernet), snapshot length 262144 bytes
                13:20:42.728632 IP vit003.lab.it.uc3m.es.38466 > vit001.clc-build-daemon: Flags [F.], seq 1077944704, ack 2705179984, win 64223, options [nop,nop,TS val 1403532967 ecr 1510792646], length 0
                13:20:42.729251 IP vit001.clc-build-daemon > vit003.lab.it.uc3m.es.38466: Flags [F.], seq 1, ack 1, win 65142, options [nop,nop,TS val 1511195206 ecr 1403532967], length 0
                ^C
                2 packets captured
                """;
        var parser = new TcpdumpParser();
        assertTrue(parser.reads("tcpdump -l port 8990"));
        assertTrue(parser.reads("sudo tcpdump -i lo -n 'tcp port 8990' | head"));
        assertTrue(parser.reads("./lab hosts exec vit001 -- tcpdump -n -i eth0"));
        assertFalse(parser.reads("./lab capture handshake"));
        Table table = parser.parse("tcpdump -l port 8990", output);
        assertTrue(table.recognised());
        assertEquals(2, table.rows().size());
        Row first = table.rows().getFirst();
        assertEquals("vit003.lab.it.uc3m.es", first.get("src"));
        assertEquals(38466L, first.get("sport"));
        assertEquals("vit001", first.get("dst"));
        assertEquals("clc-build-daemon", first.get("dport"));
        assertEquals("F.", first.get("flags"));
        assertEquals(1077944704L, first.get("seq"));
        assertEquals(0L, first.get("length"));
        assertEquals(13 * 3600 + 20 * 60 + 42.728632, (Double) first.get("ts"), 1e-6);
    }

    @Test
    void tcpdumpNumericWithTtAnyInterfaceAndIpv6() {
        String output = """
                reading from file half.pcap, link-type LINUX_SLL2 (Linux cooked v2), snapshot length 262144
                1796160625.326667 lo    In  IP 127.0.0.1.41526 > 127.0.0.1.47001: Flags [S], seq 787905018, win 65495, options [mss 65495,sackOK,TS val 1 ecr 0,nop,wscale 10], length 0
                1796160625.326943 lo    In  IP 127.0.0.1.47001 > 127.0.0.1.41526: Flags [P.], seq 1:7, ack 7, win 64, options [nop,nop,TS val 2 ecr 1], length 6
                1796160625.400000 IP6 ::1.40580 > ::1.8990: Flags [R.], seq 5, ack 9, win 0, length 0
                1796160625.500000 IP ::ffff:127.0.0.1.40580 > 127.0.0.1.8990: Flags [.], ack 1, win 512, length 0
                """;
        Table table = new TcpdumpParser().parse("tcpdump -tt -n -r half.pcap", output);
        assertEquals(4, table.rows().size());
        Row syn = table.rows().get(0);
        assertEquals("lo", syn.get("iface"));
        assertEquals("In", syn.get("direction"));
        assertEquals(1796160625.326667, (Double) syn.get("ts"), 1e-6);
        Row data = table.rows().get(1);
        assertEquals(1L, data.get("seq"));
        assertEquals(7L, data.get("seq_end"));
        assertEquals(7L, data.get("ack"));
        assertEquals(6L, data.get("length"));
        Row reset = table.rows().get(2);
        assertEquals("IP6", reset.get("proto"));
        assertEquals("::1", reset.get("src"));
        assertEquals(8990L, reset.get("dport"));
        assertEquals("127.0.0.1", table.rows().get(3).get("src"), "an IPv4-mapped address is its IPv4 address");
        assertFalse(new TcpdumpParser().parse("tcpdump -n", "PID TTY TIME CMD\n 1 ? 00:00:01 init\n").recognised());
    }

    @Test
    void straceSummaryTableAfterTheProgramsOwnOutput() {
        String output = """
                pong
                strace: Process 4242 detached
                % time     seconds  usecs/call     calls    errors syscall
                ------ ----------- ----------- --------- --------- ----------------
                 45.45    0.000050          25         2           read
                 30.00    0.000033          16         2         1 epoll_ctl
                 24.55    0.000027           0        54           futex
                ------ ----------- ----------- --------- --------- ----------------
                100.00    0.000110           1        58         1 total
                """;
        var parser = new StraceSummaryParser();
        assertTrue(parser.reads("strace -c -f -p 4242"));
        assertTrue(parser.reads("sudo strace -fc -p 4242"));
        assertFalse(parser.reads("strace -f -p 4242"), "a trace without -c has no summary table");
        Table table = parser.parse("strace -c -f -p 4242", output);
        assertTrue(table.recognised());
        assertEquals(List.of("read", "epoll_ctl", "futex", "total"), table.rows().stream().map(r -> r.get("syscall")).toList());
        assertEquals(0L, table.rows().get(0).get("errors"));
        assertEquals(1L, table.rows().get(1).get("errors"));
        assertEquals(58L, table.rows().get(3).get("calls"));
        assertEquals(45.45, (Double) table.rows().get(0).get("pct"), 1e-9);
        assertFalse(parser.parse("strace -c ls", "README.md\n").recognised());
    }

    @Test
    void captureReportTablesAndDiagrams() {
        String output = """
                half-close: the client asks for 'stream 20000 1000', half-closes after the first chunk, reads to the end
                                             sequential                         virtual
                handshake complete           yes (expect yes) ✓                 yes (expect yes) ✓
                first FIN from               client (expect client) ✓           client (expect client) ✓
                data after the first FIN     19000 bytes (expect > 0) ✓         18000 bytes (expect > 0) ✓
                zero windows                 0                                  2 (client)

                half-close, sequential:
                   ms      client 127.0.0.1:37470                server 127.0.0.1:43539
                    0.000  |------------------- SYN  seq=0 len=0 -------------------->|
                    0.021  |<-------------- SYN ACK  seq=0 ack=1 len=0 ---------------|
                   21.692  |------------ FIN ACK  seq=19 ack=1001 len=0 ------------->|
                   53.280  |<-- PSH ACK  seq=3073 ack=16 len=1024 (retransmission) ---|
                  513.346  |----------- ACK  seq=16 ack=6145 win=0 len=0 ------------>|
                """;
        var parser = new CaptureReportParser();
        assertTrue(parser.reads("./lab capture half-close --servers sequential"));
        Table table = parser.parse("./lab capture half-close", output);
        List<Row> facts = table.rows().stream().filter(r -> "fact".equals(r.get("kind"))).toList();
        assertEquals(8, facts.size());
        Row afterFin = facts.stream().filter(r -> "virtual".equals(r.get("server")) && "data after the first FIN".equals(r.get("fact")))
                .findFirst().orElseThrow();
        assertEquals(18000L, afterFin.get("value"));
        assertEquals("> 0", afterFin.get("expect"));
        assertEquals("yes", afterFin.get("holds"));
        assertEquals("2 (client)", facts.getLast().get("shown"));
        List<Row> segments = table.rows().stream().filter(r -> "segment".equals(r.get("kind"))).toList();
        assertEquals(5, segments.size());
        assertEquals("SYN ACK", segments.get(1).get("flags"));
        assertEquals("server", segments.get(1).get("from"));
        assertEquals("client", segments.get(2).get("from"));
        assertEquals(19L, segments.get(2).get("seq"));
        assertEquals("yes", segments.get(3).get("retransmission"));
        assertEquals("yes", segments.get(4).get("zero_window"));
        assertEquals(513.346, (Double) segments.get(4).get("time_ms"), 1e-9);
        assertFalse(parser.parse("./lab capture", "lab capture: tcpdump needs CAP_NET_RAW\n").recognised());
    }

    @Test
    void traceReportGivesEachRolesShare() {
        String output = """
                requests: one connection, 200 pings 2 ms apart after 50 to warm up: system calls per request
                                   sequential                           virtual
                read               1.00 (acceptor) (expect 0.9–1.5) ✓   1.00 (carrier) (expect 0.9–1.5) ✓
                epoll_wait         0 (expect ≤ 0.1) ✓                   2.95 (carrier 1.97, poller 0.99) (expect 0.7–5) ✓
                all system calls   3.73 (acceptor 2.49, jvm 1.25)       18.23 (carrier 13.17, jvm 2.98, poller 2.08)

                connections: 3 connections (connect, ping, close) after 1: system calls per connection
                                                  process
                all system calls, child process   3009 (expect ≥ 500) ✓
                """;
        var parser = new TraceReportParser();
        assertTrue(parser.reads("./lab trace --servers virtual"));
        Table table = parser.parse("./lab trace", output);
        assertEquals(7, table.rows().size());
        Row epoll = table.rows().get(3);
        assertEquals("virtual", epoll.get("server"));
        assertEquals(2.95, epoll.get("value"));
        assertEquals(1.97, epoll.get("carrier"));
        assertEquals(0.99, epoll.get("poller"));
        assertEquals("0.7–5", epoll.get("expect"));
        assertEquals(1.0, table.rows().get(0).get("acceptor"));
        assertEquals(0L, table.rows().get(2).get("value"));
        Row child = table.rows().getLast();
        assertEquals("connections", child.get("scenario"));
        assertEquals(3009L, child.get("value"));
    }
}
