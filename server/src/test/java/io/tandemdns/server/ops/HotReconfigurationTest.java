package io.tandemdns.server.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandemdns.server.ServerTestSupport;
import io.tandemdns.server.TandemServer;
import io.tandemdns.server.config.ConfigFile;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/** Re-reading tandem.yaml adds and removes zones while queries keep being answered. */
class HotReconfigurationTest {
  @TempDir Path dir;

  void config(Path file, boolean withOther) throws Exception {
    Files.writeString(file, "listen: [\"127.0.0.1:0\"]\nzones:\n  - name: t.test.\n    file: t.test.zone\n"
        + (withOther ? "  - name: other.test.\n    file: other.test.zone\n" : ""));
  }

  @Test
  void addsAndRemovesAZoneWithoutFailingAQuery() throws Exception {
    ServerTestSupport.writeZone(dir, ServerTestSupport.zoneText(1, 10));
    Files.writeString(dir.resolve("other.test.zone"),
        "$ORIGIN other.test.\n$TTL 300\n@ SOA ns h 1 3600 600 86400 60\n@ NS ns\nns A 192.0.2.9\n");
    Path yaml = dir.resolve("tandem.yaml");
    config(yaml, false);
    try (TandemServer server = TandemServer.start(ConfigFile.read(yaml))) {
      InetSocketAddress dns = server.udpAddresses().get(0);
      assertThat(ServerTestSupport.udp(dns, "ns.other.test.", Type.A).getRcode()).isEqualTo(Rcode.REFUSED);

      AtomicBoolean running = new AtomicBoolean(true);
      AtomicInteger answered = new AtomicInteger();
      AtomicInteger failed = new AtomicInteger();
      CompletableFuture<Void> loop = CompletableFuture.runAsync(() -> {
        // Bounded: at most 5000 queries or until told to stop.
        for (int i = 0; i < 5000 && running.get(); i++) {
          try {
            Message m = ServerTestSupport.udp(dns, "www.t.test.", Type.A);
            if (m.getRcode() == Rcode.NOERROR && "192.0.2.10".equals(ServerTestSupport.firstA(m))) {
              answered.incrementAndGet();
            } else {
              failed.incrementAndGet();
            }
          } catch (Exception e) {
            failed.incrementAndGet();
          }
        }
      });
      config(yaml, true);
      server.reconfigure();
      assertThat(ServerTestSupport.firstA(ServerTestSupport.udp(dns, "ns.other.test.", Type.A))).isEqualTo("192.0.2.9");
      config(yaml, false);
      server.reconfigure();
      assertThat(ServerTestSupport.udp(dns, "ns.other.test.", Type.A).getRcode()).isEqualTo(Rcode.REFUSED);
      running.set(false);
      loop.get(60, TimeUnit.SECONDS);
      assertThat(failed.get()).isZero();
      assertThat(answered.get()).isPositive();
    }
  }
}
