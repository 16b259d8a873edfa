package echolab.process;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;

/**
 * A child's standard output and error, kept alive past the end of its connection. Closing the
 * channel from {@link System#inheritedChannel()} points descriptors 0, 1 and 2 at /dev/null
 * (under inetd all three are the socket), which would swallow the child's last log lines; so
 * the child first takes copies of 1 and 2 and writes to those.
 */
final class ChildOutput extends OutputStream {
    private final int fd;

    private ChildOutput(int fd) {
        this.fd = fd;
    }

    /** Replaces {@code System.out} and {@code System.err} with streams on copies of descriptors 1 and 2. */
    static void keepStandardStreams() {
        System.setOut(stream(System.out, 1));
        System.setErr(stream(System.err, 2));
    }

    private static PrintStream stream(PrintStream current, int fd) {
        Charset charset = current.charset();
        return new PrintStream(new ChildOutput(Posix.dup(fd)), true, charset);
    }

    @Override
    public void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
        Posix.write(fd, bytes, offset, length);
    }
}
