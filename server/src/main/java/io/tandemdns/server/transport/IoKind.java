package io.tandemdns.server.transport;

import io.netty.channel.ChannelFactory;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ReflectiveChannelFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.Inet4Address;
import java.net.InetSocketAddress;

/**
 * The I/O flavour: Linux epoll where the native library loads (SO_REUSEPORT lets one UDP socket
 * per event-loop thread share a port, so the kernel spreads datagrams over the threads), NIO
 * everywhere else (one UDP socket per address).
 */
public enum IoKind {
  EPOLL("epoll", EpollDatagramChannel.class, EpollServerSocketChannel.class),
  NIO("nio", NioDatagramChannel.class, NioServerSocketChannel.class);

  private final String label;
  private final Class<? extends DatagramChannel> datagramChannel;
  private final Class<? extends ServerChannel> serverChannel;

  IoKind(String label, Class<? extends DatagramChannel> datagram, Class<? extends ServerChannel> server) {
    this.label = label;
    this.datagramChannel = datagram;
    this.serverChannel = server;
  }

  /** Epoll when available, else NIO. */
  public static IoKind best() {
    return Epoll.isAvailable() ? EPOLL : NIO;
  }

  public MultiThreadIoEventLoopGroup newGroup(int threads) {
    IoHandlerFactory factory = this == EPOLL ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    // Daemon threads: a forgotten close() in a test must not keep the JVM alive.
    return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory("tandem-io", true), factory);
  }

  /**
   * The UDP channel for {@code address}. With epoll an IPv4 address gets an IPv4 socket: Netty's
   * default is a dual-stack IPv6 socket, whose every datagram takes the kernel's IPv6 send and
   * receive paths (udpv6_sendmsg, then udp_sendmsg for the mapped address) — extra kernel time
   * per answer in the loopback profile.
   */
  public ChannelFactory<? extends DatagramChannel> datagramChannelFor(InetSocketAddress address) {
    if (this == EPOLL && address.getAddress() instanceof Inet4Address) {
      return () -> new EpollDatagramChannel(SocketProtocolFamily.INET);
    }
    return new ReflectiveChannelFactory<>(datagramChannel);
  }

  public Class<? extends ServerChannel> serverChannel() {
    return serverChannel;
  }

  /** Whether several UDP sockets can share one address:port (one per event-loop thread). */
  public boolean reusePort() {
    return this == EPOLL;
  }

  @Override
  public String toString() {
    return label;
  }
}
