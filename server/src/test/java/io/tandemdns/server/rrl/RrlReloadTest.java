package io.tandemdns.server.rrl;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandemdns.server.TandemServer;
import io.tandemdns.server.config.ConfigFile;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/** A config reload switches RRL on and off without a restart (issue 6 hot reconfiguration). */
class RrlReloadTest {
  static final int BURST = 60;

  @TempDir Path dir;

  @Test
  void reloadTurnsRateLimitingOnAndOff() throws Exception {
    Files.writeString(dir.resolve("r.test.zone"),
        "$TTL 300\n@ SOA ns1 h 1 3600 600 86400 60\n@ NS ns1\nns1 A 192.0.2.1\nwww A 192.0.2.2\n");
    Path yaml = dir.resolve("tandem.yaml");
    write(yaml, false);
    try (TandemServer server = TandemServer.start(ConfigFile.read(yaml))) {
      InetSocketAddress to = new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port());
      assertThat(burst(to, 2000)).as("RRL off: every query answered").isEqualTo(BURST);

      write(yaml, true);
      server.reconfigure();
      int limited = burst(to, 100);
      // 2/s, window 1 s, slip 0 (drop): over the ~6 s burst dropped answers keep the bucket in debt,
      // so only a handful get through (at most 2/s even without debt would be about 12).
      assertThat(limited).as("RRL on after reload").isLessThanOrEqualTo(15);
      assertThat(server.queryProcessor().rrlStats().droppedCount()).isGreaterThanOrEqualTo(BURST - 15);

      write(yaml, false);
      server.reconfigure();
      assertThat(burst(to, 2000)).as("RRL off again").isEqualTo(BURST);
    }
  }

  private void write(Path yaml, boolean rrl) throws Exception {
    String text = "listen: [\"127.0.0.1:0\"]\nzones:\n  - name: r.test.\n    file: r.test.zone\n";
    if (rrl) {
      text += "rrl:\n  responses-per-second: 2\n  window: 1\n  slip: 0\n";
    }
    Files.writeString(yaml, text);
  }

  /** BURST identical queries, one at a time; counts the answers (bounded: waitMs each). */
  private static int burst(InetSocketAddress to, int waitMs) throws Exception {
    int answered = 0;
    try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
      s.setSoTimeout(waitMs);
      for (int i = 0; i < BURST; i++) {
        Message q = Message.newQuery(Record.newRecord(Name.fromString("www.r.test."), Type.A, DClass.IN));
        byte[] wire = q.toWire();
        s.send(new DatagramPacket(wire, wire.length, to));
        try {
          byte[] buf = new byte[512];
          s.receive(new DatagramPacket(buf, buf.length));
          answered++;
        } catch (SocketTimeoutException e) {
          // dropped by RRL
        }
      }
    }
    return answered;
  }
}
