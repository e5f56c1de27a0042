package io.tandemdns.server.rrl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandemdns.server.config.ConfigException;
import io.tandemdns.server.config.ConfigFile;
import io.tandemdns.server.config.ServerConfig;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The {@code rrl:} and {@code cookies:} sections of tandem.yaml. */
class FloodConfigTest {
  private static final Path FILE = Path.of("/nonexistent/tandem.yaml");

  @Test
  void rrlIsOffUnlessConfiguredAndCookiesAreOn() throws Exception {
    ServerConfig c = ConfigFile.parse("threads: 1\n", FILE);
    assertThat(c.query().rrl()).isNull();
    assertThat(c.query().cookies().enabled()).isTrue();
    assertThat(c.query().cookies().secret()).isNull();
  }

  @Test
  void everyRrlKeyIsRead() throws Exception {
    ServerConfig c = ConfigFile.parse(String.join("\n",
        "rrl:",
        "  responses-per-second: 10",
        "  nxdomains-per-second: 5",
        "  errors-per-second: 3",
        "  window: 20",
        "  slip: 1",
        "  exempt: [\"10.0.0.0/8\", \"2001:db8::/32\"]",
        "  log-only: true",
        "  ipv4-prefix: 28",
        "  ipv6-prefix: 64",
        "  table-size: 5000",
        "cookies:",
        "  secret: \"e5e973e5a6b2a43f48e7dc849e37bfcf\"",
        "  previous-secret: \"00112233445566778899aabbccddeeff\"",
        ""), FILE);
    RrlSettings r = c.query().rrl();
    assertThat(r).isNotNull();
    assertThat(r.responsesPerSecond()).isEqualTo(10);
    assertThat(r.nxdomainsPerSecond()).isEqualTo(5);
    assertThat(r.errorsPerSecond()).isEqualTo(3);
    assertThat(r.windowSeconds()).isEqualTo(20);
    assertThat(r.slip()).isEqualTo(1);
    assertThat(r.logOnly()).isTrue();
    assertThat(r.ipv4PrefixLength()).isEqualTo(28);
    assertThat(r.ipv6PrefixLength()).isEqualTo(64);
    assertThat(r.tableSize()).isEqualTo(5000);
    assertThat(r.exempt()).hasSize(2);
    assertThat(r.exempt().get(0).contains(InetAddress.getByAddress(new byte[] {10, 9, 8, 7}))).isTrue();
    assertThat(c.query().cookies().secret()).isEqualTo(HexFormat.of().parseHex("e5e973e5a6b2a43f48e7dc849e37bfcf"));
    assertThat(c.query().cookies().previousSecret()).hasSize(16);
  }

  @Test
  void defaultsFollowBind() throws Exception {
    RrlSettings r = ConfigFile.parse("rrl:\n  responses-per-second: 7\n", FILE).query().rrl();
    assertThat(r.nxdomainsPerSecond()).isEqualTo(7);
    assertThat(r.errorsPerSecond()).isEqualTo(7);
    assertThat(r.windowSeconds()).isEqualTo(15);
    assertThat(r.slip()).isEqualTo(2);
    assertThat(r.ipv4PrefixLength()).isEqualTo(24);
    assertThat(r.ipv6PrefixLength()).isEqualTo(56);
  }

  @Test
  void badValuesAreReportedWithFileAndKey() {
    assertThatThrownBy(() -> ConfigFile.parse(String.join("\n",
        "rrl:",
        "  responses-per-second: -1",
        "  slip: 99",
        "  exempt: [\"not-an-ip\"]",
        "  bogus: 1",
        "cookies:",
        "  secret: \"abc\"",
        ""), FILE))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("key 'rrl.responses-per-second'")
        .hasMessageContaining("key 'rrl.slip'")
        .hasMessageContaining("key 'rrl.exempt'")
        .hasMessageContaining("unknown key 'rrl.bogus'")
        .hasMessageContaining("key 'cookies.secret'")
        .hasMessageNotContaining("abc\"");
    assertThatThrownBy(() -> ConfigFile.parse("rrl:\n  slip: 1\n", FILE))
        .hasMessageContaining("rrl.responses-per-second");
    assertThatThrownBy(() -> ConfigFile.parse("cookies:\n  previous-secret: \"e5e973e5a6b2a43f48e7dc849e37bfcf\"\n", FILE))
        .hasMessageContaining("cookies.secret");
  }
}
