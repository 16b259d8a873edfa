package echolab.dump;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;

/**
 * A UDP "client": one source address that has sent at least one datagram. There is no
 * connection, so answering it is a datagram to that address, and closing it only forgets it.
 */
final class UdpClient extends Client {
    private final DatagramSocket socket;
    private final InetSocketAddress address;
    private final BiConsumer<UdpClient, String> forget;

    UdpClient(int number, DatagramSocket socket, InetSocketAddress address, BiConsumer<UdpClient, String> forget) {
        super(Protocol.UDP, number, Client.hostPort(address));
        this.socket = socket;
        this.address = address;
        this.forget = forget;
    }

    InetSocketAddress address() {
        return address;
    }

    /** A datagram send does not wait for the peer: the kernel queues it or drops it. */
    @Override
    CompletableFuture<Void> send(byte[] data, boolean text) {
        try {
            socket.send(new DatagramPacket(data, data.length, address));
            sent(data.length);
            return CompletableFuture.completedFuture(null);
        } catch (IOException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    void close(String reason) {
        closing(reason);
        forget.accept(this, reason);
    }
}
