package echolab.conformance;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

/**
 * Sends bytes in chunks of random size from one thread while the caller reads the echo on
 * another, so that neither side's socket buffer can fill up and stall the other.
 */
final class RandomChunks {
    private RandomChunks() {
    }

    /** {@code length} random bytes from {@code random}. */
    static byte[] bytes(Random random, int length) {
        byte[] data = new byte[length];
        random.nextBytes(data);
        return data;
    }

    /**
     * Writes {@code data} to {@code client} in chunks of 1 to {@code maxChunk} bytes, then
     * half-closes (the bytes after the last LF come back only then), and returns all that came
     * back until the server closed.
     */
    static byte[] echo(LineClient client, byte[] data, Random random, int maxChunk) throws Exception {
        // The writer gets its own generator, seeded from the caller's, so a printed seed replays the run.
        var chunks = new Random(random.nextLong());
        var writer = CompletableFuture.runAsync(() -> write(client, data, chunks, maxChunk),
                command -> Thread.ofPlatform().daemon().name("random-chunks").start(command));
        byte[] received = client.readToEnd();
        writer.get();
        return received;
    }

    private static void write(LineClient client, byte[] data, Random chunks, int maxChunk) {
        try {
            OutputStream out = client.out();
            for (int offset = 0; offset < data.length; ) {
                int n = Math.min(chunks.nextInt(1, maxChunk + 1), data.length - offset);
                out.write(data, offset, n);
                offset += n;
            }
            out.flush();
            client.socket().shutdownOutput();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
