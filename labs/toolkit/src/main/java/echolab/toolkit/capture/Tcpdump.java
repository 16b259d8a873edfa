package echolab.toolkit.capture;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import echolab.core.testing.ProcessOutput;
import echolab.toolkit.MissingRequirement;

/**
 * A running {@code tcpdump -i IFACE -n -s 160 -B 4096 -U --immediate-mode -w - FILTER}: the capture arrives on its
 * standard output as classic pcap and is kept in memory, so that it can be read while tcpdump still
 * runs (to wait for the segment a scenario expects) and after it stops.
 */
public final class Tcpdump implements AutoCloseable {
    static final String NEEDS = "tcpdump needs CAP_NET_RAW: run as root, or 'setcap cap_net_raw,cap_net_admin=eip /usr/bin/tcpdump'";
    /** Bytes kept of each frame: Linux cooked v2 (20), IPv6 (40) and TCP with every option (60) fit. */
    static final int SNAPSHOT = 160;
    private static final Duration START = Duration.ofSeconds(10);
    private static final Duration STOP = Duration.ofSeconds(10);

    private final Process process;
    private final List<String> command;
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private final Thread reader;
    private final ProcessOutput errors;

    private Tcpdump(Process process, List<String> command) {
        this.process = process;
        this.command = command;
        this.errors = new ProcessOutput("tcpdump-" + process.pid(), StandardCharsets.UTF_8, process.getErrorStream());
        this.reader = Thread.ofPlatform().daemon().name("tcpdump-" + process.pid() + "-pcap").start(() -> copy(process.getInputStream()));
    }

    /**
     * Starts tcpdump on {@code iface} with {@code filter}, run through {@code prefix} (e.g.
     * {@code ip netns exec vit001}, or nothing), and returns once it says it is listening.
     */
    public static Tcpdump start(List<String> prefix, String iface, String filter) throws IOException {
        MissingRequirement.requireTool("capture", "tcpdump", "tcpdump");
        var command = new ArrayList<>(prefix);
        // Headers are all the reader needs (a payload's length comes from the IP header), and a small
        // snapshot makes room for thousands of frames in the kernel's ring: with tcpdump's default of
        // 262144 bytes a frame, a few dozen loopback segments arriving at once overflow it and are dropped.
        command.addAll(List.of("tcpdump", "-i", iface, "-n", "-s", Integer.toString(SNAPSHOT), "-B", "4096", "-U",
                "--immediate-mode", "-w", "-", filter));
        var tcpdump = new Tcpdump(new ProcessBuilder(command).start(), command);
        tcpdump.process.getOutputStream().close();
        if (!tcpdump.awaitListening()) {
            tcpdump.close();
            tcpdump.awaitErrors();
            String said = tcpdump.stderr();
            if (said.contains("permission") || said.contains("Operation not permitted")) {
                throw new MissingRequirement(NEEDS);
            }
            throw new IOException(tcpdump.process.isAlive() ? "tcpdump did not start listening within " + START.toSeconds()
                    + " s: " + said : "tcpdump failed: " + said);
        }
        return tcpdump;
    }

    /** Waits for the "listening on" line: false when tcpdump exits first or {@link #START} passes. */
    private boolean awaitListening() {
        long deadline = System.nanoTime() + START.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                errors.awaitLine(0, line -> line.contains("listening on "), Duration.ofMillis(100));
                return true;
            } catch (TimeoutException notYet) {
                if (!process.isAlive()) {
                    return false;
                }
            }
        }
        return false;
    }

    private void awaitErrors() {
        try {
            errors.awaitEnd(STOP);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The command line as a person would type it. */
    public String commandLine() {
        return String.join(" ", command.stream().map(word -> word.contains(" ") ? "'" + word + "'" : word).toList());
    }

    /** What has been captured so far (the last frame may still be incomplete). */
    public byte[] soFar() {
        synchronized (captured) {
            return captured.toByteArray();
        }
    }

    /** The capture so far, a frame still being written left out. */
    public PcapReader.Capture read() throws PcapFormatException {
        return PcapReader.read(soFar(), true);
    }

    /** Stops tcpdump (SIGTERM: it writes out what it holds and exits) and returns the whole capture. */
    public byte[] stop() throws IOException, InterruptedException {
        process.destroy();
        if (!process.waitFor(STOP.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new IOException("tcpdump did not stop within " + STOP.toSeconds() + " s of SIGTERM");
        }
        reader.join(STOP);
        errors.awaitEnd(STOP);
        return soFar();
    }

    /** The packets tcpdump said the kernel dropped (its closing "N packets dropped by kernel"), 0 if it said none. */
    public long dropped() {
        return errors.lines().stream().map(l -> l.strip().split(" ")).filter(w -> w.length == 5 && w[2].equals("dropped"))
                .mapToLong(w -> Long.parseLong(w[0])).sum();
    }

    /** What tcpdump printed on standard error (its listening line, its packet counts, its complaints). */
    public String stderr() {
        return String.join("\n", errors.lines()).strip();
    }

    /** {@code tcpdump -n -r FILE FILTER}: the capture as text, standard error (its "reading from file" line) included. */
    public static String text(Path file, String filter) throws IOException {
        var command = new ArrayList<>(List.of("tcpdump", "-n", "-r", file.toString()));
        if (!filter.isEmpty()) {
            command.add(filter);
        }
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String text = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!process.waitFor(STOP.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IOException("tcpdump -r " + file + " did not finish");
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading " + file + " with tcpdump", e);
        }
        return text;
    }

    private void copy(InputStream in) {
        byte[] buffer = new byte[65536];
        try (in) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                synchronized (captured) {
                    captured.write(buffer, 0, n);
                }
            }
        } catch (IOException ended) {
            // tcpdump is gone; what it wrote is kept.
        }
    }

    /** Ends tcpdump if it still runs. */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(STOP.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
