package echolab.process;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A test client: one line out, one line back, every read bounded by a time-out. */
final class EchoClient implements AutoCloseable {
    private static final Pattern PID = Pattern.compile("pid=(\\d+)");

    private final Socket socket;
    private final BufferedReader in;
    private final OutputStream out;

    EchoClient(int port, int timeoutMillis) throws IOException {
        socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setSoTimeout(timeoutMillis);
        in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
        out = socket.getOutputStream();
    }

    EchoClient(int port) throws IOException {
        this(port, 20_000);
    }

    String ask(String line) throws IOException {
        out.write((line + "\n").getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        return in.readLine();
    }

    /** The next line, or null at end of stream. */
    String readLine() throws IOException {
        return in.readLine();
    }

    /** The pid of the process serving this connection, from {@code whoami}. */
    long servingPid() throws IOException {
        Matcher m = PID.matcher(ask("whoami"));
        if (!m.find()) {
            throw new IOException("no pid in whoami reply");
        }
        return Long.parseLong(m.group(1));
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
