package echolab.dump;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

import echolab.core.Sockets;

/**
 * Accepts TCP clients on a platform thread and reads each one on a virtual thread of its own,
 * printing every chunk the kernel hands over. TCP is a byte stream: a "message" is whatever one
 * {@code read} returned, so one line typed in nc may arrive in one chunk or, under load, in two.
 */
final class TcpListener implements AutoCloseable {
    private static final int READ_BUFFER = 64 * 1024;
    private static final int BACKLOG = 50;

    private final ServerSocket server;
    private final Clients clients;
    private final EventPrinter printer;

    TcpListener(InetSocketAddress address, Clients clients, EventPrinter printer) throws IOException {
        this.clients = clients;
        this.printer = printer;
        try {
            this.server = Sockets.listen(address, BACKLOG, true);
        } catch (IOException e) {
            throw DumpOptions.cannotListen(Protocol.TCP, address, e);
        }
    }

    InetSocketAddress address() {
        return (InetSocketAddress) server.getLocalSocketAddress();
    }

    void start() {
        printer.listening(Protocol.TCP, address(), "");
        Thread.ofPlatform().name("tcp-accept").daemon().start(this::acceptLoop);
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                var client = new TcpClient(clients.nextNumber(Protocol.TCP), socket);
                clients.add(client);
                printer.connected(client);
                Thread.ofVirtual().name("tcp-" + client.number()).start(() -> serve(client));
            } catch (IOException e) {
                if (!server.isClosed()) {
                    printer.error("tcp accept failed: " + e.getMessage());
                }
            }
        }
    }

    private void serve(TcpClient client) {
        String reason = "peer closed";
        byte[] buffer = new byte[READ_BUFFER];
        try (InputStream in = client.socket().getInputStream()) {
            int count;
            while ((count = in.read(buffer)) >= 0) {
                client.received(count);
                printer.received(client, false, buffer, count);
            }
        } catch (IOException e) {
            reason = e.getMessage();
        } finally {
            client.close(client.closeReason(reason));
            clients.ended(client, client.closeReason(reason));
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        // Reported here rather than by the readers: the process may halt before they run again.
        for (Client client : clients.of(Protocol.TCP)) {
            client.close("server stopping");
            clients.ended(client, "server stopping");
        }
    }
}
