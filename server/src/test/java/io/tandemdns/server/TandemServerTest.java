package io.tandemdns.server;

import static io.tandemdns.server.ServerTestSupport.ORIGIN;
import static io.tandemdns.server.ServerTestSupport.anyPort4;
import static io.tandemdns.server.ServerTestSupport.firstA;
import static io.tandemdns.server.ServerTestSupport.readFrame;
import static io.tandemdns.server.ServerTestSupport.tcpConnect;
import static io.tandemdns.server.ServerTestSupport.udp;
import static io.tandemdns.server.ServerTestSupport.writeFrame;
import static io.tandemdns.server.ServerTestSupport.writeZone;
import static io.tandemdns.server.ServerTestSupport.zoneText;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandemdns.server.config.ConfigFile;
import io.tandemdns.server.config.ServerConfig;
import io.tandemdns.server.transport.IoKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

class TandemServerTest {
  @TempDir Path dir;

  private ServerConfig quick(Path zone) {
    return ServerConfig.quick(anyPort4(), Map.of(ORIGIN, zone));
  }

  @Test
  void answersUdpFromQuickConfig() throws IOException {
    try (TandemServer server = TandemServer.start(quick(writeZone(dir, zoneText(1, 10))))) {
      assertThat(server.port()).isPositive();
      Message r = udp(server.udpAddresses().get(0), "www.t.test.", Type.A);
      assertThat(r.getHeader().getID()).isEqualTo(4242);
      assertThat(r.getRcode()).isEqualTo(Rcode.NOERROR);
      assertThat(r.getHeader().getFlag(Flags.QR)).isTrue();
      assertThat(firstA(r)).isEqualTo("192.0.2.10");
    }
  }

  @Test
  void udpAndTcpShareOnePortPickedFromZero() throws IOException {
    try (TandemServer server = TandemServer.start(quick(writeZone(dir, zoneText(1, 10))))) {
      assertThat(server.udpAddresses()).isEqualTo(server.tcpAddresses()).hasSize(1);
      assertThat(server.udpAddresses().get(0).getPort()).isEqualTo(server.port()).isNotZero();
      try (Socket s = tcpConnect(server.tcpAddresses().get(0))) {
        writeFrame(s.getOutputStream(), ServerTestSupport.query("www.t.test.", Type.A, 7));
        Message r = readFrame(s.getInputStream());
        assertThat(r.getHeader().getID()).isEqualTo(7);
        assertThat(firstA(r)).isEqualTo("192.0.2.10");
      }
    }
  }

  @Test
  void nioTransportServesToo() throws IOException {
    try (TandemServer server = TandemServer.start(quick(writeZone(dir, zoneText(1, 11))), IoKind.NIO)) {
      assertThat(server.io()).isEqualTo(IoKind.NIO);
      assertThat(firstA(udp(server.udpAddresses().get(0), "www.t.test.", Type.A))).isEqualTo("192.0.2.11");
      try (Socket s = tcpConnect(server.tcpAddresses().get(0))) {
        writeFrame(s.getOutputStream(), ServerTestSupport.query("www.t.test.", Type.A, 8));
        assertThat(firstA(readFrame(s.getInputStream()))).isEqualTo("192.0.2.11");
      }
    }
  }

  @Test
  void epollIsUsedOnLinux() throws IOException {
    Assumptions.assumeTrue(System.getProperty("os.name").toLowerCase().contains("linux"), "not Linux");
    try (TandemServer server = TandemServer.start(quick(writeZone(dir, zoneText(1, 10))))) {
      assertThat(server.io()).isEqualTo(IoKind.EPOLL);
    }
  }

  @Test
  void closeFreesThePortsAndIsIdempotent() throws IOException {
    TandemServer server = TandemServer.start(quick(writeZone(dir, zoneText(1, 10))));
    InetSocketAddress bound = server.udpAddresses().get(0);
    server.close();
    server.close();
    try (DatagramSocket u = new DatagramSocket(bound); ServerSocket t = new ServerSocket()) {
      t.bind(bound);
      assertThat(u.getLocalPort()).isEqualTo(t.getLocalPort()).isEqualTo(bound.getPort());
    }
  }

  @Test
  void aTakenPortFailsTheStartWithTheAddress() throws IOException {
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress(ServerTestSupport.loopback4(), 0));
      ServerConfig cfg = ServerConfig.quick(
          new InetSocketAddress(ServerTestSupport.loopback4(), taken.getLocalPort()),
          Map.of(ORIGIN, writeZone(dir, zoneText(1, 10))));
      assertThatThrownBy(() -> TandemServer.start(cfg))
          .isInstanceOf(UncheckedIOException.class)
          .hasMessageContaining("127.0.0.1:" + taken.getLocalPort());
    }
  }

  @Test
  void startsFromAYamlFile() throws Exception {
    Files.createDirectories(dir.resolve("zones"));
    Files.writeString(dir.resolve("zones/t.zone"), zoneText(5, 12));
    Path yaml = dir.resolve("tandem.yaml");
    Files.writeString(yaml, String.join("\n",
        "listen:",
        "  - \"127.0.0.1:0\"",
        "zones:",
        "  - name: t.test.",
        "    file: zones/t.zone",
        "tcp:",
        "  idle-timeout: 3",
        "threads: 2",
        ""));
    try (TandemServer server = TandemServer.start(ConfigFile.read(yaml))) {
      assertThat(server.config().threads()).isEqualTo(2);
      assertThat(firstA(udp(server.udpAddresses().get(0), "www.t.test.", Type.A))).isEqualTo("192.0.2.12");
    }
  }

  @Test
  void servesOnIpv6LoopbackWhenAvailable() throws IOException {
    InetAddress v6 = ServerTestSupport.addr(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1);
    try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(v6, 0))) {
      // ::1 is configured.
    } catch (IOException e) {
      Assumptions.abort("this machine has no ::1: " + e.getMessage());
    }
    ServerConfig cfg = new ServerConfig(
        java.util.List.of(anyPort4(), new InetSocketAddress(v6, 0)),
        java.util.List.of(new io.tandemdns.server.config.ZoneConfig(ORIGIN, writeZone(dir, zoneText(1, 13)))),
        io.tandemdns.server.query.QuerySettings.defaults(),
        io.tandemdns.server.config.TcpSettings.defaults(), 1, null);
    try (TandemServer server = TandemServer.start(cfg)) {
      InetSocketAddress six = server.udpAddresses().get(1);
      assertThat(six.getAddress()).isEqualTo(v6);
      assertThat(firstA(udp(six, "www.t.test.", Type.A))).isEqualTo("192.0.2.13");
      try (Socket s = tcpConnect(server.tcpAddresses().get(1))) {
        writeFrame(s.getOutputStream(), ServerTestSupport.query("www.t.test.", Type.A, 9));
        assertThat(firstA(readFrame(s.getInputStream()))).isEqualTo("192.0.2.13");
      }
    }
  }

  @Test
  void aBrokenZoneAtStartIsNotServedButTheOthersAre() throws IOException {
    Path good = writeZone(dir, zoneText(1, 10));
    Path bad = dir.resolve("broken.test.zone");
    Files.writeString(bad, "$ORIGIN broken.test.\n@ IN SOA ns1 h 1 2 3 4 5\n@ IN NS ns1\nns1 IN A 999.1.1.1\n");
    Map<Name, Path> zones = new LinkedHashMap<>();
    zones.put(ORIGIN, good);
    zones.put(Name.fromConstantString("broken.test."), bad);
    try (TandemServer server = TandemServer.start(ServerConfig.quick(anyPort4(), zones))) {
      assertThat(server.initialLoad().ok()).isFalse();
      ZoneOutcome failed = server.initialLoad().with(ZoneOutcome.Status.FAILED).get(0);
      assertThat(failed.origin()).hasToString("broken.test.");
      assertThat(failed.problems()).anySatisfy(p -> assertThat(p.toString()).contains(bad + ":4"));
      assertThat(server.zones().get(ORIGIN)).isNotNull();
      assertThat(server.zones().size()).isEqualTo(1);
      assertThat(udp(server.udpAddresses().get(0), "ns1.broken.test.", Type.A).getRcode()).isEqualTo(Rcode.REFUSED);
      assertThat(firstA(udp(server.udpAddresses().get(0), "www.t.test.", Type.A))).isEqualTo("192.0.2.10");
    }
  }
}
