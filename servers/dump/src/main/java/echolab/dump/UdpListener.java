package echolab.dump;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import echolab.core.Sockets;

/**
 * Receives datagrams on one platform thread. Each new source address becomes a numbered
 * client, so the console can answer it; a datagram is a message, printed whole (up to the
 * display bound), exactly as it was sent.
 */
final class UdpListener implements AutoCloseable {
    // The largest UDP payload over IPv4 is 65,507 bytes: a buffer this size never truncates one.
    private static final int MAX_DATAGRAM = 65_536;

    private final DatagramSocket socket;
    private final Clients clients;
    private final EventPrinter printer;
    private final Map<InetSocketAddress, UdpClient> senders = new ConcurrentHashMap<>();

    UdpListener(InetSocketAddress address, Clients clients, EventPrinter printer) throws IOException {
        this.clients = clients;
        this.printer = printer;
        try {
            this.socket = Sockets.datagram(address);
        } catch (IOException e) {
            throw DumpOptions.cannotListen(Protocol.UDP, address, e);
        }
    }

    InetSocketAddress address() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    void start() {
        printer.listening(Protocol.UDP, address(), "");
        Thread.ofPlatform().name("udp-receive").daemon().start(this::receiveLoop);
    }

    private void receiveLoop() {
        byte[] buffer = new byte[MAX_DATAGRAM];
        var packet = new DatagramPacket(buffer, buffer.length);
        while (!socket.isClosed()) {
            try {
                packet.setLength(buffer.length);
                socket.receive(packet);
                UdpClient client = sender((InetSocketAddress) packet.getSocketAddress());
                client.received(packet.getLength());
                printer.received(client, false, buffer, packet.getLength());
            } catch (IOException e) {
                if (!socket.isClosed()) {
                    printer.error("udp receive failed: " + e.getMessage());
                }
            }
        }
    }

    /** Only the receive thread adds senders, so finding and adding need no lock. */
    private UdpClient sender(InetSocketAddress address) {
        UdpClient known = senders.get(address);
        if (known != null) {
            return known;
        }
        var client = new UdpClient(clients.nextNumber(Protocol.UDP), socket, address, this::forget);
        senders.put(address, client);
        clients.add(client);
        printer.connected(client);
        return client;
    }

    private void forget(UdpClient client, String reason) {
        senders.remove(client.address(), client);
        clients.ended(client, reason);
    }

    @Override
    public void close() {
        socket.close();
        clients.of(Protocol.UDP).forEach(client -> client.close("server stopping"));
    }
}
