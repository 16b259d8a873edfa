package echolab.clients;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * The smallest echo there is, for benchmarking the load client itself: bytes in, the same bytes
 * out, no protocol, no logging, a platform thread per connection blocked in read, as
 * {@code sockperf server} serves. Run:
 * {@code java -cp "labs/toolkit/target/lib/*:clients/target/test-classes" echolab.clients.RawEchoServer 0}
 */
public final class RawEchoServer {
    private RawEchoServer() {
    }

    public static void main(String[] args) throws IOException {
        var listener = ServerSocketChannel.open();
        listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), args.length > 0 ? Integer.parseInt(args[0]) : 0), 1024);
        System.out.println("listening on 127.0.0.1:" + ((InetSocketAddress) listener.getLocalAddress()).getPort()
                + " (server=raw pid=" + ProcessHandle.current().pid() + ")");
        System.out.flush();
        while (true) {
            SocketChannel channel = listener.accept();
            Thread.ofPlatform().daemon().start(() -> echo(channel));
        }
    }

    private static void echo(SocketChannel channel) {
        try (channel) {
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            ByteBuffer buffer = ByteBuffer.allocateDirect(64 * 1024);
            while (channel.read(buffer) >= 0) {
                buffer.flip();
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                buffer.clear();
            }
        } catch (IOException gone) {
            // The client left; nothing to clean up but the channel.
        }
    }
}
