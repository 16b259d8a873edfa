package echolab.dump;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.java_websocket.WebSocket;
import org.java_websocket.WebSocketAdapter;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.drafts.Draft;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.DefaultWebSocketServerFactory;
import org.java_websocket.server.WebSocketServer;

import echolab.core.Sockets;

/**
 * Accepts WebSocket clients on any path with Java-WebSocket, which does the handshake, framing
 * and ping/pong; each client is named with its path, and text and binary frames are told apart.
 * The listening channel is bound here, in the address's family (the library would open an IPv6
 * one even for 127.0.0.1), and handed to the library.
 */
final class WebSocketListener extends WebSocketServer implements AutoCloseable {
    // Bounds what one client can make the server hold: a bigger frame closes that client (1009).
    private static final int MAX_FRAME = 1 << 20;
    private static final List<Draft> DRAFTS = List.of(new Draft_6455(List.of(), MAX_FRAME));
    private static final int BACKLOG = 50;
    private static final int STOP_GRACE_MILLIS = 1000;

    private final Clients clients;
    private final EventPrinter printer;
    private final CompletableFuture<Void> started = new CompletableFuture<>();

    WebSocketListener(InetSocketAddress address, Clients clients, EventPrinter printer) throws IOException {
        super(bound(address));
        this.clients = clients;
        this.printer = printer;
        setWebSocketFactory(new DefaultWebSocketServerFactory() {
            @Override
            public WebSocketImpl createWebSocket(WebSocketAdapter adapter, List<Draft> ignored) {
                return super.createWebSocket(adapter, DRAFTS);
            }
        });
        setReuseAddr(true);
        setDaemon(true);
    }

    private static ServerSocketChannel bound(InetSocketAddress address) throws IOException {
        try {
            return Sockets.listen(address, BACKLOG, true).getChannel();
        } catch (IOException e) {
            throw DumpOptions.cannotListen(Protocol.WS, address, e);
        }
    }

    /** Starts the server thread and waits until it accepts, so that a client may connect at once. */
    void open() throws IOException {
        start();
        try {
            started.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw DumpOptions.cannotListen(Protocol.WS, getAddress(), e.getCause());
        } catch (TimeoutException | InterruptedException e) {
            throw new IOException("the WebSocket listener did not start within 10s", e);
        }
    }

    void announce() {
        printer.listening(Protocol.WS, address(), " (any path)");
    }

    InetSocketAddress address() {
        return new InetSocketAddress(getAddress().getAddress(), getPort());
    }

    @Override
    public void onStart() {
        started.complete(null);
    }

    @Override
    public void onOpen(WebSocket connection, ClientHandshake handshake) {
        String name = Client.hostPort(connection.getRemoteSocketAddress()) + ":" + handshake.getResourceDescriptor();
        var client = new WsClient(clients.nextNumber(Protocol.WS), name, connection);
        connection.setAttachment(client);
        clients.add(client);
        printer.connected(client);
    }

    @Override
    public void onMessage(WebSocket connection, String message) {
        byte[] data = message.getBytes(StandardCharsets.UTF_8);
        WsClient client = connection.getAttachment();
        client.received(data.length);
        printer.received(client, true, data, data.length);
    }

    @Override
    public void onMessage(WebSocket connection, ByteBuffer message) {
        byte[] data = new byte[message.remaining()];
        message.get(data);
        WsClient client = connection.getAttachment();
        client.received(data.length);
        printer.received(client, false, data, data.length);
    }

    @Override
    public void onClose(WebSocket connection, int code, String reason, boolean remote) {
        WsClient client = connection.getAttachment();
        if (client != null) {
            String why = remote ? "peer closed" : "closed";
            clients.ended(client, client.closeReason(why) + ", code " + code
                    + (reason == null || reason.isEmpty() ? "" : " '" + reason + "'"));
        }
    }

    @Override
    public void onError(WebSocket connection, Exception e) {
        if (connection == null) {
            // No connection: the server itself failed, before or after binding.
            if (!started.completeExceptionally(e)) {
                printer.error("ws listener: " + e.getMessage());
            }
        } else if (connection.getAttachment() instanceof WsClient client) {
            printer.error(client + ": " + e.getMessage());
        }
    }

    @Override
    public void close() throws IOException {
        clients.of(Protocol.WS).forEach(client -> client.closing("server stopping"));
        try {
            stop(STOP_GRACE_MILLIS, "server stopping");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
