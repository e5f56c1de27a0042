package io.tandemdns.server.transport;

import static io.tandemdns.server.ServerTestSupport.ORIGIN;
import static io.tandemdns.server.ServerTestSupport.anyPort4;
import static io.tandemdns.server.ServerTestSupport.firstA;
import static io.tandemdns.server.ServerTestSupport.udp;
import static io.tandemdns.server.ServerTestSupport.writeZone;
import static io.tandemdns.server.ServerTestSupport.zoneText;
import static org.assertj.core.api.Assertions.assertThat;

import io.tandemdns.server.ServerTestSupport;
import io.tandemdns.server.TandemServer;
import io.tandemdns.server.config.ServerConfig;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Message;
import org.xbill.DNS.Type;

class UdpTransportTest {
  @TempDir Path dir;

  @Test
  void queriesFromManySourcePortsAreAllAnswered() throws IOException {
    // With SO_REUSEPORT the kernel spreads source ports over the per-thread sockets; each of
    // them must answer.
    ServerConfig cfg = ServerConfig.quick(anyPort4(), Map.of(ORIGIN, writeZone(dir, zoneText(1, 10)))).withThreads(4);
    try (TandemServer server = TandemServer.start(cfg)) {
      InetSocketAddress to = server.udpAddresses().get(0);
      List<DatagramSocket> clients = new ArrayList<>();
      try {
        for (int i = 0; i < 40; i++) {
          DatagramSocket c = new DatagramSocket(new InetSocketAddress(to.getAddress(), 0));
          c.setSoTimeout(ServerTestSupport.TIMEOUT_MS);
          clients.add(c);
          byte[] q = ServerTestSupport.query("www.t.test.", Type.A, 1000 + i);
          c.send(new DatagramPacket(q, q.length, to));
        }
        byte[] buf = new byte[4096];
        for (int i = 0; i < clients.size(); i++) {
          DatagramPacket p = new DatagramPacket(buf, buf.length);
          clients.get(i).receive(p);
          Message r = new Message(Arrays.copyOf(buf, p.getLength()));
          assertThat(r.getHeader().getID()).isEqualTo(1000 + i);
          assertThat(p.getSocketAddress()).isEqualTo(to);
          assertThat(firstA(r)).isEqualTo("192.0.2.10");
        }
      } finally {
        clients.forEach(DatagramSocket::close);
      }
    }
  }

  @Test
  void ipv4AndIpv6ListenersBothAnswer() throws IOException {
    // IPv4 addresses get IPv4-only sockets with epoll (IoKind.datagramChannelFor), IPv6 ones the
    // dual-stack default: both must answer, each from the address it was asked on.
    InetSocketAddress v6 = new InetSocketAddress(java.net.InetAddress.getByName("::1"), 0);
    ServerConfig cfg = ServerConfig.quick(anyPort4(), Map.of(ORIGIN, writeZone(dir, zoneText(1, 10))))
        .withListen(List.of(anyPort4(), v6));
    try (TandemServer server = TandemServer.start(cfg)) {
      assertThat(server.udpAddresses()).hasSize(2);
      for (InetSocketAddress to : server.udpAddresses()) {
        assertThat(firstA(udp(to, "www.t.test.", Type.A))).as(to.toString()).isEqualTo("192.0.2.10");
      }
    }
  }

  @Test
  void garbageAndResponsesGetNoAnswerAndTheListenerKeepsServing() throws IOException {
    try (TandemServer server = TandemServer.start(
        ServerConfig.quick(anyPort4(), Map.of(ORIGIN, writeZone(dir, zoneText(1, 10)))))) {
      InetSocketAddress to = server.udpAddresses().get(0);
      try (DatagramSocket c = new DatagramSocket(new InetSocketAddress(to.getAddress(), 0))) {
        c.setSoTimeout(300);
        byte[] response = ServerTestSupport.query("www.t.test.", Type.A, 5);
        response[2] |= (byte) 0x80; // QR=1: never answered (no reflection loops)
        for (byte[] junk : List.of(new byte[0], new byte[] {1, 2, 3}, response)) {
          c.send(new DatagramPacket(junk, junk.length, to));
        }
        byte[] buf = new byte[4096];
        boolean gotSomething;
        try {
          c.receive(new DatagramPacket(buf, buf.length));
          gotSomething = true;
        } catch (SocketTimeoutException e) {
          gotSomething = false;
        }
        assertThat(gotSomething).isFalse();
      }
      assertThat(firstA(udp(to, "www.t.test.", Type.A))).isEqualTo("192.0.2.10");
    }
  }
}
