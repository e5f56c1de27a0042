package io.tandemdns.server.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandemdns.server.ServerTestSupport;
import io.tandemdns.server.TandemServer;
import io.tandemdns.server.config.ConfigFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Type;

/** The sampled JSON query log, through the real server and Log4j's async appender. */
class QueryLogTest {
  @TempDir Path dir;

  @Test
  void everySampledQueryBecomesOneJsonLine() throws Exception {
    ServerTestSupport.writeZone(dir, ServerTestSupport.zoneText(1, 10));
    Path log = dir.resolve("queries.json");
    Path yaml = Files.writeString(dir.resolve("tandem.yaml"), "listen: [\"127.0.0.1:0\"]\nzones:\n"
        + "  - name: t.test.\n    file: t.test.zone\nquery-log:\n  sample: 1\n  file: queries.json\n");
    try (TandemServer server = TandemServer.start(ConfigFile.read(yaml))) {
      for (int i = 0; i < 3; i++) {
        ServerTestSupport.udp(server.udpAddresses().get(0), "www.t.test.", Type.A);
      }
      ServerTestSupport.udp(server.udpAddresses().get(0), "nope.example.", Type.MX);
      List<String> lines = List.of();
      for (int i = 0; i < 100 && lines.size() < 4; i++) { // bounded wait for the async appender
        Thread.sleep(50);
        lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
      }
      assertThat(lines).hasSize(4);
      assertThat(lines.get(0)).startsWith("{\"time\":\"").contains("\"qname\":\"www.t.test.\"", "\"qtype\":\"A\"",
          "\"rcode\":\"NOERROR\"", "\"transport\":\"UDP\"", "\"client\":\"127.0.0.1\"");
      assertThat(lines.get(3)).contains("\"qname\":\"nope.example.\"", "\"qtype\":\"MX\"", "\"rcode\":\"REFUSED\"");
    }
  }

  @Test
  void offByDefault() throws Exception {
    ServerTestSupport.writeZone(dir, ServerTestSupport.zoneText(1, 10));
    Path yaml = Files.writeString(dir.resolve("tandem.yaml"),
        "listen: [\"127.0.0.1:0\"]\nzones:\n  - name: t.test.\n    file: t.test.zone\n");
    assertThat(ConfigFile.read(yaml).ops().queryLog().enabled()).isFalse();
    assertThat(ConfigFile.read(yaml).ops().control().enabled()).isFalse();
    assertThat(ConfigFile.read(yaml).ops().monitor().enabled()).isFalse();
  }
}
