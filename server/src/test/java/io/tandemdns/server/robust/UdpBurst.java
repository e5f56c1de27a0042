package io.tandemdns.server.robust;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Sends a burst of datagrams, each from its own fresh socket, and collects what comes back per
 * socket. One packet per socket makes every response attributable to exactly one packet, even
 * when the packet's ID is garbage or the server drops most of the burst.
 */
final class UdpBurst {
  /** The burst is over once the server has been silent this long. */
  private static final int QUIET_MS = 200;
  private static final long HARD_STOP_NANOS = 5_000_000_000L;

  /** Responses per packet index (a missing index got none), and the indexes that saw ICMP errors. */
  record Result(Map<Integer, List<byte[]>> responses, List<Integer> unreachable) {}

  private UdpBurst() {}

  static Result send(InetSocketAddress server, List<byte[]> packets) throws IOException {
    List<DatagramChannel> channels = new ArrayList<>();
    Map<Integer, List<byte[]>> responses = new HashMap<>();
    List<Integer> unreachable = new ArrayList<>();
    try (Selector selector = Selector.open()) {
      for (int i = 0; i < packets.size(); i++) {
        DatagramChannel ch = DatagramChannel.open();
        channels.add(ch);
        ch.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        ch.connect(server);
        ch.configureBlocking(false);
        ch.register(selector, SelectionKey.OP_READ, i);
      }
      for (int i = 0; i < packets.size(); i++) {
        channels.get(i).write(ByteBuffer.wrap(packets.get(i)));
      }
      ByteBuffer buf = ByteBuffer.allocate(65535);
      long hardStop = System.nanoTime() + HARD_STOP_NANOS;
      while (System.nanoTime() < hardStop && selector.select(QUIET_MS) > 0) {
        for (SelectionKey k : selector.selectedKeys()) {
          int i = (Integer) k.attachment();
          buf.clear();
          try {
            if (((DatagramChannel) k.channel()).read(buf) <= 0) {
              continue;
            }
          } catch (PortUnreachableException e) {
            unreachable.add(i);
            continue;
          }
          buf.flip();
          byte[] got = new byte[buf.remaining()];
          buf.get(got);
          responses.computeIfAbsent(i, x -> new ArrayList<>()).add(got);
        }
        selector.selectedKeys().clear();
      }
    } finally {
      for (DatagramChannel ch : channels) {
        ch.close();
      }
    }
    return new Result(responses, unreachable);
  }
}
