package io.tandemdns.server.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandemdns.server.config.ConfigFile;
import io.tandemdns.server.config.ServerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;

/** packaging/tandem.production.yaml uses only options that exist, with valid values. */
class ProductionConfigTest {
  @TempDir Path dir;

  @Test
  void theProductionExampleIsAValidConfig() throws Exception {
    Path source = Path.of("..", "packaging", "tandem.production.yaml");
    Path yaml = Files.copy(source, dir.resolve("tandem.yaml"));
    // The files it names, as an operator would create them.
    Files.createDirectories(dir.resolve("zones"));
    Files.writeString(dir.resolve("zones/example.net.zone"),
        "$ORIGIN example.net.\n$TTL 300\n@ SOA ns1 h 1 3600 600 86400 60\n@ NS ns1\nns1 A 192.0.2.1\n");
    Files.createDirectories(dir.resolve("keys"));
    Files.writeString(dir.resolve("keys/transfer.key"), "c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3JldA==\n");
    Files.writeString(dir.resolve("control.token"), "0123456789abcdef0123456789abcdef\n");
    String text = Files.readString(yaml).replace("/var/lib/tandem", dir.resolve("state").toString())
        .replace("/var/log/tandem", dir.toString());
    ServerConfig cfg = ConfigFile.parse(text, yaml);
    assertThat(cfg.ops().control().enabled()).isTrue();
    assertThat(cfg.ops().control().token()).isEqualTo("0123456789abcdef0123456789abcdef");
    assertThat(cfg.ops().monitor().enabled()).isTrue();
    assertThat(cfg.ops().monitor().extraFor(Name.fromConstantString("example.org."))).hasSize(3);
    assertThat(cfg.ops().queryLog().enabled()).isFalse();
  }
}
