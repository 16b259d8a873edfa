package echolab.benchmarks;

import java.net.InetSocketAddress;

import echolab.core.Cli;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.LineBasedFrameDecoder;

/**
 * The peer of the thread models: a line echo server on Netty's event loops (epoll where the
 * native transport loads, NIO otherwise), the way a Java engineer would write it in production.
 * It prints the same {@code listening on} line as the echolab servers, so one launcher starts all.
 */
public final class NettyEchoServer {
    private static final int MAX_LINE = 65_536;

    /** Echoes each whole line, LF kept; replies are flushed once per read burst, as Netty's example does. */
    @ChannelHandler.Sharable
    static final class LineEcho extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object line) {
            ctx.write(line);
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    /** The transport the peer uses on this machine: epoll when Netty's native library loads, else NIO. */
    public static String transport() {
        return Epoll.isAvailable() ? "epoll" : "nio";
    }

    public static void main(String[] args) {
        Cli.run("netty-echo", args, arguments -> {
            var parsed = new Cli("netty-echo", "[options]", "A Netty line echo server, the benchmarks' peer.")
                    .value("port", "PORT", "port to listen on, 0 for any free one (default 8991)")
                    .value("threads", "N", "event loop threads (default: 2 x cores)")
                    .parse(arguments);
            int port = parsed.integer("port", 8991, 0, 65_535);
            int threads = parsed.integer("threads", 0, 0, 1024);
            boolean epoll = Epoll.isAvailable();
            IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
            Class<? extends ServerChannel> channel = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
            EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, io);
            EventLoopGroup workers = new MultiThreadIoEventLoopGroup(threads, io);
            var echo = new LineEcho();
            try {
                // Start the server.
                Channel listener = new ServerBootstrap()
                        .group(boss, workers)
                        .channel(channel)
                        .option(ChannelOption.SO_BACKLOG, 4096)
                        .childOption(ChannelOption.TCP_NODELAY, true)
                        .childHandler(new ChannelInitializer<SocketChannel>() {
                            @Override
                            protected void initChannel(SocketChannel ch) {
                                ch.pipeline().addLast(new LineBasedFrameDecoder(MAX_LINE, false, false), echo);
                            }
                        })
                        .bind(new InetSocketAddress("127.0.0.1", port)).sync().channel();
                int bound = ((InetSocketAddress) listener.localAddress()).getPort();
                System.out.println("listening on 127.0.0.1:" + bound + " (server=netty pid=" + ProcessHandle.current().pid() + ")");
                System.out.println("transport: " + transport());
                System.out.flush();
                Runtime.getRuntime().addShutdownHook(new Thread(listener::close));
                // Wait until the server socket is closed.
                listener.closeFuture().sync();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                boss.shutdownGracefully();
                workers.shutdownGracefully();
            }
        });
    }
}
