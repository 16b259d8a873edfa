package echolab.dump;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

import org.java_websocket.WebSocket;
import org.java_websocket.exceptions.WebsocketNotConnectedException;
import org.java_websocket.framing.CloseFrame;

/** A WebSocket connection, named {@code host:port:/path}; sends are queued by the library, never blocking. */
final class WsClient extends Client {
    private final WebSocket connection;

    WsClient(int number, String name, WebSocket connection) {
        super(Protocol.WS, number, name);
        this.connection = connection;
    }

    @Override
    CompletableFuture<Void> send(byte[] data, boolean text) {
        try {
            if (text) {
                connection.send(new String(data, StandardCharsets.UTF_8));
            } else {
                connection.send(data);
            }
            sent(data.length);
            return CompletableFuture.completedFuture(null);
        } catch (WebsocketNotConnectedException notConnected) {
            return CompletableFuture.failedFuture(notConnected);
        }
    }

    @Override
    void close(String reason) {
        closing(reason);
        connection.close(CloseFrame.NORMAL, reason);
    }
}
