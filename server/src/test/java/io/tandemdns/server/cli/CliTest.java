package io.tandemdns.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandemdns.server.Main;
import io.tandemdns.server.config.ConfigException;
import io.tandemdns.server.config.ServerConfig;
import io.tandemdns.server.transport.Listeners;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The picocli commands, in-process (`serve` through the real jar is tested end to end elsewhere). */
class CliTest {
  @TempDir Path dir;
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cl = Main.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  private static final String GOOD = "$ORIGIN t.test.\n$TTL 300\n@ IN SOA ns1 h 1 3600 600 86400 60\n@ IN NS ns1\nns1 IN A 192.0.2.1\n";

  @Test
  void checkZoneAcceptsAGoodFile() throws Exception {
    Path zone = Files.writeString(dir.resolve("t.test.zone"), GOOD);
    assertThat(run("check-zone", zone.toString())).isZero();
    assertThat(out.toString()).contains(zone + ": zone t.test. OK");
  }

  @Test
  void checkZoneReportsErrorsWithFileAndLineAndFails() throws Exception {
    Path zone = Files.writeString(dir.resolve("bad.zone"), GOOD + "www IN A 300.1.2.3\nwww IN CNAME ns1\n");
    assertThat(run("check-zone", "--origin", "t.test", zone.toString())).isEqualTo(1);
    assertThat(out.toString()).contains(zone + ":6:").contains("would not be served");
  }

  @Test
  void checkZoneOfAMissingFileIsAUsageError() {
    assertThat(run("check-zone", dir.resolve("nope.zone").toString())).isEqualTo(2);
    assertThat(err.toString()).contains("nope.zone: no such file");
  }

  @Test
  void checkZoneWithABadOriginIsAUsageError() throws Exception {
    Path zone = Files.writeString(dir.resolve("t.test.zone"), GOOD);
    assertThat(run("check-zone", "--origin", "a..b", zone.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("--origin 'a..b'");
  }

  @Test
  void checkZoneAcceptsTheDemoZone() throws Exception {
    Path zone = DemoZone.extract();
    assertThat(run("check-zone", zone.toString())).isZero();
    assertThat(out.toString()).contains("zone example.com. OK");
  }

  @Test
  void helpAndVersionWork() {
    assertThat(run("--help")).isZero();
    assertThat(out.toString()).contains("serve").contains("check-zone");
    assertThat(run("--version")).isZero();
    assertThat(out.toString()).contains("Tandem DNS");
    assertThat(run("serve", "--help")).isZero();
    assertThat(out.toString()).contains("--zone-dir").contains("--listen").contains("--config");
  }

  @Test
  void usageErrorsExitWith2() {
    assertThat(run("serve", "--bogus")).isEqualTo(2);
    assertThat(run("frobnicate")).isEqualTo(2);
    assertThat(run()).isEqualTo(2);
    assertThat(run("check-zone")).isEqualTo(2);
  }

  @Test
  void serveWithABadConfigPrintsTheProblemAndExitsWith2() throws Exception {
    Path yaml = Files.writeString(dir.resolve("tandem.yaml"), "edns-payload: 70000\n");
    assertThat(run("serve", "--config", yaml.toString())).isEqualTo(2);
    assertThat(err.toString()).contains(yaml + ": key 'edns-payload': 70000 is not in 512..4096");
  }

  @Test
  void serveWithABadListenAddressExitsWith2() {
    assertThat(run("serve", "--listen", "localhost:53")).isEqualTo(2);
    assertThat(err.toString()).contains("--listen: 'localhost:53' is not an IP address");
  }

  private ServeCommand parse(String... args) {
    ServeCommand serve = new ServeCommand();
    new CommandLine(serve).parseArgs(args);
    return serve;
  }

  @Test
  void serveWithoutArgumentsServesTheDemoZoneOnTheDefaultPort() throws Exception {
    ServerConfig cfg = parse().buildConfig();
    assertThat(cfg.listen()).map(Listeners::format).containsExactly("127.0.0.1:5300");
    assertThat(cfg.zones()).singleElement().satisfies(z -> {
      assertThat(z.origin()).isEqualTo(DemoZone.ORIGIN);
      assertThat(Files.readString(z.file())).isEqualTo(DemoZone.text());
    });
  }

  @Test
  void zoneDirServesEveryDotZoneFileUnderItsName() throws Exception {
    Files.writeString(dir.resolve("b.test.zone"), "");
    Files.writeString(dir.resolve("a.test.zone"), "");
    Files.writeString(dir.resolve("README"), "");
    ServerConfig cfg = parse("--zone-dir", dir.toString(), "--listen", "127.0.0.1:0", "--listen", "[::1]:0").buildConfig();
    assertThat(cfg.zones()).map(z -> z.origin().toString()).containsExactly("a.test.", "b.test.");
    assertThat(cfg.zones().get(0).file()).isEqualTo(dir.resolve("a.test.zone").toAbsolutePath());
    assertThat(cfg.listen()).map(Listeners::format).containsExactly("127.0.0.1:0", "[::1]:0");
  }

  @Test
  void anEmptyZoneDirIsAnError() {
    assertThatThrownBy(() -> parse("--zone-dir", dir.toString()).buildConfig())
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("no *.zone files");
  }

  @Test
  void listenOnTheCommandLineReplacesTheConfigFiles() throws Exception {
    Path yaml = Files.writeString(dir.resolve("tandem.yaml"), "listen: [\"127.0.0.1:53\"]\nthreads: 2\n");
    ServerConfig cfg = parse("--config", yaml.toString(), "--listen", "127.0.0.1:8053").buildConfig();
    assertThat(cfg.listen()).map(Listeners::format).containsExactly("127.0.0.1:8053");
    assertThat(cfg.threads()).isEqualTo(2);
    assertThat(cfg.zones()).isEmpty(); // a config file means no demo zone
  }
}
