package echolab.process;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;

/**
 * A child's standard output and error, kept alive past the end of its connection. Closing the
 * channel from {@link System#inheritedChannel()} points descriptors 0, 1 and 2 at /dev/null
 * (under inetd all three are the socket), which would swallow the child's last log lines; so
 * the child first takes copies of 1 and 2 and writes to those.
 *
 * <p>A pipe or a terminal (a server's output, unless redirected to a file) is copied by opening
 * it again through {@code /proc/self/fd}, in Java: a native call would cost the child about
 * 40 ms at every start to link. A regular file is copied with {@code dup(2)} instead: opened
 * anew it would have an offset of its own, and the parent's lines and the child's would
 * overwrite each other.
 */
final class ChildOutput extends OutputStream {
    private final int fd;

    private ChildOutput(int fd) {
        this.fd = fd;
    }

    /** Replaces {@code System.out} and {@code System.err} with streams on copies of descriptors 1 and 2. */
    static void keepStandardStreams() {
        System.setOut(copy(System.out, 1));
        System.setErr(copy(System.err, 2));
    }

    private static PrintStream copy(PrintStream current, int fd) {
        OutputStream copy = reopened(fd).orElseGet(() -> new ChildOutput(Posix.dup(fd)));
        return new PrintStream(copy, true, current.charset());
    }

    private static Optional<OutputStream> reopened(int fd) {
        Path descriptor = Path.of("/proc/self/fd", Integer.toString(fd));
        try {
            if (Files.readAttributes(descriptor, BasicFileAttributes.class).isOther()) {
                return Optional.of(new FileOutputStream(descriptor.toFile(), true));
            }
        } catch (IOException notReopenable) {
            // A socket cannot be opened by name: dup(2) copies it.
        }
        return Optional.empty();
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
