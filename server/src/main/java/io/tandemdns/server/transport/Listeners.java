package io.tandemdns.server.transport;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.unix.UnixChannelOption;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.NetUtil;
import io.netty.util.ResourceLeakDetector;
import io.tandemdns.server.config.TcpSettings;
import io.tandemdns.server.query.QueryProcessor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The UDP and TCP sockets of a server: on every configured address one TCP listener and one UDP
 * socket per event-loop thread (epoll, SO_REUSEPORT) or a single UDP socket (NIO), all on the
 * same port. Owns the event-loop group.
 */
public final class Listeners implements AutoCloseable {
  private static final Logger LOG = LogManager.getLogger(Listeners.class);
  /** Attempts to find a port free for both UDP and TCP when port 0 is configured. */
  private static final int PORT_ATTEMPTS = 8;
  /** Larger than any sane query; longer datagrams are cut and answered FORMERR. */
  private static final int MAX_UDP_QUERY = 4096;
  /**
   * Datagrams one epoll read may take in a single recvmmsg(2): a burst of queries costs one
   * syscall instead of one each (the first profile: one recvmsg per query). 16 x 4 KiB = 64 KiB
   * per read, a pooled slab the packets are slices of.
   */
  private static final int UDP_BATCH = 16;

  private final IoKind io;
  private final MultiThreadIoEventLoopGroup group;
  private final int threads;
  private final UdpQueryHandler udpHandler;
  private final TcpChannelInitializer tcpInit;
  private final List<Channel> udpChannels = new ArrayList<>();
  private final List<Channel> tcpChannels = new ArrayList<>();
  private final List<InetSocketAddress> udpAddresses = new ArrayList<>();
  private final List<InetSocketAddress> tcpAddresses = new ArrayList<>();
  private boolean closed;

  private Listeners(IoKind io, int threads, UdpQueryHandler udpHandler, TcpChannelInitializer tcpInit) {
    this.io = io;
    this.threads = threads;
    this.udpHandler = udpHandler;
    this.tcpInit = tcpInit;
    this.group = io.newGroup(threads);
  }

  /**
   * Classes the TCP path loads on its first connection, loaded (and initialized: their static
   * initializers set only constants) before any traffic. The JIT compiles the UDP path
   * optimistically for the classes present so far (class-hierarchy analysis: "one concrete
   * SimpleChannelInboundHandler", "no other ChannelDuplexHandler loaded", ...). The first TCP
   * connection used to load these, and that broke the UDP read loop's compiled code, which is
   * called once per recvmmsg batch and so was compiled again only ~12 s later
   * (-XX:+LogCompilation: dependency_failed, then make_not_entrant of
   * EpollDatagramChannel.scatteringRead, at the first TCP query; benchmarks/RESULTS.md).
   */
  private static void loadTcpPathClasses() {
    for (String name : List.of(
        TcpQueryHandler.class.getName(),
        FlushConsolidationHandler.class.getName(),
        IdleStateHandler.class.getName(),
        // Not public: by name.
        "io.netty.channel.epoll.EpollRecvByteAllocatorStreamingHandle",
        "io.netty.channel.epoll.AbstractEpollStreamChannel$EpollStreamUnsafe")) {
      try {
        Class.forName(name, true, Listeners.class.getClassLoader());
      } catch (ClassNotFoundException | LinkageError e) {
        // Another Netty version, or no epoll: only a warm-up hint, never a reason not to serve.
      }
    }
  }

  /**
   * Binds every address for UDP and TCP, or closes what was bound and throws.
   *
   * @param threads event-loop threads, at least 1
   * @throws UncheckedIOException when an address cannot be bound
   */
  public static Listeners bind(
      List<InetSocketAddress> addresses, QueryProcessor processor, TcpSettings tcp, int threads, IoKind io) {
    Listeners listeners = prepare(processor, tcp, threads, io);
    try {
      listeners.bindAll(addresses);
      return listeners;
    } catch (RuntimeException e) {
      listeners.close();
      throw e;
    }
  }

  /**
   * The event loops and handlers, nothing bound yet: {@code TandemServer} sets them up while the
   * zones load (Netty's native transport, its classes and the loops' selectors cost ~0.1 s that
   * need not wait for a large zone), then calls {@link #bindAll} once the zones are in.
   */
  public static Listeners prepare(QueryProcessor processor, TcpSettings tcp, int threads, IoKind io) {
    leakDetectionOffByDefault();
    loadTcpPathClasses();
    return new Listeners(io, threads, new UdpQueryHandler(processor), new TcpChannelInitializer(
        processor, tcp, new TcpConnectionGate(tcp.maxConnections(), tcp.maxConnectionsPerClient())));
  }

  /**
   * Binds every address for UDP and TCP. On failure what this call bound stays open until
   * {@link #close}, which the caller owes anyway.
   *
   * @throws UncheckedIOException when an address cannot be bound
   */
  public void bindAll(List<InetSocketAddress> addresses) {
    int udpSockets = io.reusePort() ? threads : 1;
    for (InetSocketAddress address : addresses) {
      bindOne(address, udpHandler, tcpInit, udpSockets);
    }
  }

  /**
   * Netty samples one buffer in 128 for leak tracking by default and records a stack trace for each
   * (at allocation and release): ~13 % of the bytes allocated under load in the 1M-zone profile. A
   * serving process turns that off unless the operator asked for a level
   * ({@code -Dio.netty.leakDetection.level}); tests that look for leaks set their own level.
   */
  private static void leakDetectionOffByDefault() {
    if (System.getProperty("io.netty.leakDetection.level") == null
        && ResourceLeakDetector.getLevel() == ResourceLeakDetector.Level.SIMPLE) {
      ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
    }
  }

  private void bindOne(InetSocketAddress address, UdpQueryHandler udpHandler, TcpChannelInitializer tcpInit, int udpSockets) {
    Bootstrap udp = new Bootstrap()
        .group(group)
        .channelFactory(io.datagramChannelFor(address))
        .handler(udpHandler);
    if (io == IoKind.EPOLL) {
      // A payload size makes Netty's epoll channel use recvmmsg(2) with one buffer slot each.
      udp.option(EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, MAX_UDP_QUERY)
          .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(MAX_UDP_QUERY * UDP_BATCH));
    } else {
      udp.option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(MAX_UDP_QUERY));
    }
    if (io.reusePort()) {
      udp.option(UnixChannelOption.SO_REUSEPORT, true);
    }
    ServerBootstrap tcp = new ServerBootstrap()
        .group(group)
        .channel(io.serverChannel())
        .option(ChannelOption.SO_BACKLOG, 1024)
        .option(ChannelOption.SO_REUSEADDR, true)
        .childOption(ChannelOption.TCP_NODELAY, true)
        // A half-closed client still gets the answers to what it sent (TcpQueryHandler).
        .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
        .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(32 * 1024, 128 * 1024))
        .childHandler(tcpInit);

    IOException last = null;
    int attempts = address.getPort() == 0 ? PORT_ATTEMPTS : 1;
    for (int attempt = 0; attempt < attempts; attempt++) {
      // TCP first: a listening TCP port is never shared, while an SO_REUSEPORT UDP port-0 bind
      // may land on a port another reuse-port socket of this user holds. Then UDP on that port.
      List<Channel> bound = new ArrayList<>();
      try {
        Channel tcpChannel = await(tcp.bind(address), address, "TCP");
        bound.add(tcpChannel);
        InetSocketAddress actual = new InetSocketAddress(
            address.getAddress(), ((InetSocketAddress) tcpChannel.localAddress()).getPort());
        for (int i = 0; i < udpSockets; i++) {
          bound.add(await(udp.bind(actual), actual, "UDP"));
        }
        tcpChannels.add(tcpChannel);
        tcpAddresses.add(actual);
        udpChannels.addAll(bound.subList(1, bound.size()));
        udpAddresses.add(actual);
        LOG.info("listening on {} udp ({}, {} socket{})", format(actual), io, udpSockets,
            udpSockets == 1 ? "" : "s with SO_REUSEPORT");
        LOG.info("listening on {} tcp ({})", format(actual), io);
        return;
      } catch (IOException e) {
        last = e;
        for (Channel c : bound) {
          c.close().awaitUninterruptibly();
        }
      }
    }
    throw new UncheckedIOException(last.getMessage(), last);
  }

  private static Channel await(ChannelFuture future, InetSocketAddress address, String transport) throws IOException {
    future.awaitUninterruptibly();
    if (!future.isSuccess()) {
      Throwable cause = future.cause();
      IOException e = new IOException("cannot bind " + transport + " " + format(address) + ": " + cause.getMessage());
      e.initCause(cause);
      throw e;
    }
    return future.channel();
  }

  /** 192.0.2.1:53 or [2001:db8::1]:53, never a host name. */
  public static String format(InetSocketAddress a) {
    String host = NetUtil.toAddressString(a.getAddress()); // RFC 5952 form
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + a.getPort();
  }

  public IoKind io() {
    return io;
  }

  public List<InetSocketAddress> udpAddresses() {
    return List.copyOf(udpAddresses);
  }

  public List<InetSocketAddress> tcpAddresses() {
    return List.copyOf(tcpAddresses);
  }

  /** Closes every socket and stops the event loops; waits a bounded time. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    List<ChannelFuture> closing = new ArrayList<>();
    for (Channel c : tcpChannels) {
      closing.add(c.close());
    }
    for (Channel c : udpChannels) {
      closing.add(c.close());
    }
    for (ChannelFuture f : closing) {
      f.awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
    // No quiet period: nothing queues work on these loops once the sockets are closed; accepted
    // connections are closed by the shutdown itself.
    group.shutdownGracefully(0, 5, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
  }
}
