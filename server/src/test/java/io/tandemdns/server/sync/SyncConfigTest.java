package io.tandemdns.server.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandemdns.server.config.ConfigException;
import io.tandemdns.server.config.ConfigFile;
import io.tandemdns.server.config.ServerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbill.DNS.Name;

/** The zone-sync keys of tandem.yaml: a full valid config, and one case per invalid value. */
class SyncConfigTest {
  static final String SECRET = SyncTestSupport.SECRET;

  @TempDir Path dir;

  @BeforeEach
  void zoneFile() throws Exception {
    Files.writeString(dir.resolve("p.zone"), SyncTestSupport.zone("p.test.", 1));
  }

  ServerConfig parse(String yaml) throws ConfigException {
    return ConfigFile.parse(yaml, dir.resolve("tandem.yaml"));
  }

  static final String VALID = """
      listen: ["127.0.0.1:5300"]
      state-dir: state
      source-address: 127.0.0.1
      keys:
        - name: k1.
          algorithm: hmac-sha512
          secret: %s
      sync:
        refresh-min: 1
        refresh-max: 2h
        retry-min: 1s
        expire-min: 5
        journal-max-entries: 10
        journal-max-bytes: 100000
        transfer-max-records: 1000
        transfer-max-bytes: 1000000
        transfer-max-time: 30
      zones:
        - name: p.test.
          file: p.zone
          role: primary
          allow-transfer: [ "127.0.0.1", "10.0.0.0/8 key k1.", "key k1." ]
          notify: [ "127.0.0.2:5301", {address: "127.0.0.3", key: k1.} ]
        - name: s.test.
          role: secondary
          primaries: [ "192.0.2.1", {address: "[2001:db8::1]:5353", key: k1.} ]
          allow-notify: [ "192.0.2.0/24" ]
      """.formatted(SECRET);

  @Test
  void fullConfig() throws Exception {
    ServerConfig c = parse(VALID);
    SyncSettings s = c.sync();
    assertThat(s.enabled()).isTrue();
    assertThat(s.stateDir()).isEqualTo(dir.resolve("state"));
    assertThat(s.sourceAddress().getHostAddress()).isEqualTo("127.0.0.1");
    assertThat(s.timers().minRefresh()).isEqualTo(Duration.ofSeconds(1));
    assertThat(s.timers().maxRefresh()).isEqualTo(Duration.ofHours(2));
    assertThat(s.journal().maxEntries()).isEqualTo(10);
    assertThat(s.transfer().maxTime()).isEqualTo(Duration.ofSeconds(30));
    assertThat(s.keyring().names()).containsExactly(Name.fromConstantString("k1."));
    // The secondary has no file: it is not a file zone of the zone manager.
    assertThat(c.zones()).extracting(z -> z.origin().toString()).containsExactly("p.test.");
    ZoneRole p = s.zones().get(Name.fromConstantString("p.test."));
    assertThat(p.kind()).isEqualTo(ZoneRole.Kind.PRIMARY);
    assertThat(p.allowTransfer().rules()).hasSize(3);
    assertThat(p.notifyTargets()).extracting(Object::toString)
        .containsExactly("127.0.0.2#5301", "127.0.0.3#53 (TSIG)");
    ZoneRole sec = s.zones().get(Name.fromConstantString("s.test."));
    assertThat(sec.isSecondary()).isTrue();
    assertThat(sec.primaries()).extracting(Object::toString)
        .containsExactly("192.0.2.1#53", "2001:db8:0:0:0:0:0:1#5353 (TSIG)");
    assertThat(sec.allowTransfer().rules()).isEmpty(); // default: nobody
  }

  @Test
  void allowNotifyDefaultsToThePrimariesWithTheirKeys() throws Exception {
    ZoneRole sec = parse(VALID.replace("    allow-notify: [ \"192.0.2.0/24\" ]\n", ""))
        .sync().zones().get(Name.fromConstantString("s.test."));
    assertThat(sec.allowNotify().rules()).extracting(Object::toString)
        .containsExactly("192.0.2.1/32", "2001:db8:0:0:0:0:0:1/128 key k1.");
  }

  @Test
  void noSyncKeysMeansSyncDisabled() throws Exception {
    assertThat(parse("listen: [\"127.0.0.1:5300\"]\nzones:\n  - name: p.test.\n    file: p.zone\n")
        .sync().enabled()).isFalse();
  }

  @Test
  void secretFileReadableByOthersWarnsButWorks() throws Exception {
    Path secret = dir.resolve("k1.secret");
    Files.writeString(secret, SECRET + "\n");
    Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-r--r--"));
    ServerConfig c = parse(VALID.replace("secret: " + SECRET, "secret-file: k1.secret"));
    assertThat(c.sync().keyring().names()).hasSize(1);
    assertThat(io.tandemdns.sync.tsig.SecretFile.read(secret).warnings()).singleElement().asString()
        .contains("chmod 600");
  }

  static Stream<Arguments> invalid() {
    return Stream.of(
        Arguments.of("role: tertiary", "key 'zones.role': 'tertiary' (zone p.test.) is not 'primary' or 'secondary'"),
        Arguments.of("unknown algorithm", "key 'keys': unknown TSIG algorithm 'hmac-sha3'"),
        Arguments.of("bad secret", "key 'keys': TSIG key 'k1.': secret is not valid base64"),
        Arguments.of("acl unknown key", "key 'zones.allow-transfer': 'key nokey.' (zone p.test.): no key 'nokey.'"),
        Arguments.of("acl bad prefix", "key 'zones.allow-transfer': '10.0.0.0/33': prefix length must be 0..32"),
        Arguments.of("primary host name", "key 'zones.primaries': 'ns.example.com' is not an IP address"),
        Arguments.of("secondary without primaries", "key 'zones.primaries': (zone s.test.): a secondary needs"),
        Arguments.of("refresh-min 0", "key 'sync.refresh-min': 0 must be at least 1 second"),
        Arguments.of("retry max below min", "key 'sync': maximum retry PT5S is below the minimum PT10S"),
        Arguments.of("notify key undefined", "key 'zones.notify': key 'other.' (zone p.test.) is not defined"),
        Arguments.of("unknown primary entry key", "unknown key 'zones.primaries.port'"),
        Arguments.of("source-address name", "key 'source-address': 'localhost' is not an IP address"),
        Arguments.of("secret-file missing", "key 'keys.secret-file': key 'k1.': "));
  }

  static String breakIt(String what) {
    return switch (what) {
      case "role: tertiary" -> VALID.replace("role: primary", "role: tertiary");
      case "unknown algorithm" -> VALID.replace("hmac-sha512", "hmac-sha3");
      case "bad secret" -> VALID.replace("secret: " + SECRET, "secret: '***'");
      case "acl unknown key" -> VALID.replace("\"key k1.\" ]", "\"key nokey.\" ]");
      case "acl bad prefix" -> VALID.replace("10.0.0.0/8", "10.0.0.0/33");
      case "primary host name" -> VALID.replace("\"192.0.2.1\",", "\"ns.example.com\",");
      case "secondary without primaries" -> VALID.replace(
          "primaries: [ \"192.0.2.1\", {address: \"[2001:db8::1]:5353\", key: k1.} ]", "allow-transfer: [ any ]");
      case "refresh-min 0" -> VALID.replace("refresh-min: 1", "refresh-min: 0");
      case "retry max below min" -> VALID.replace("retry-min: 1s", "retry-max: 5");
      case "notify key undefined" -> VALID.replace("key: k1.} ]\n  - name: s", "key: other.} ]\n  - name: s");
      case "unknown primary entry key" -> VALID.replace("key: k1.} ]\n    allow-notify",
          "port: 5} ]\n    allow-notify");
      case "source-address name" -> VALID.replace("source-address: 127.0.0.1", "source-address: localhost");
      case "secret-file missing" -> VALID.replace("secret: " + SECRET, "secret-file: missing.key");
      default -> throw new IllegalArgumentException(what);
    };
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalid")
  void invalidValueNamesFileKeyAndValue(String what, String expected) {
    assertThatThrownBy(() -> parse(breakIt(what)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(dir.resolve("tandem.yaml").toString())
        .hasMessageContaining(expected);
  }

  @Test
  void stateDirIsCreatedOnStart() throws Exception {
    int port = SyncTestSupport.freePort();
    int unused = SyncTestSupport.freePort();
    // Loopback only: the secondary's primaries become a port where nobody listens.
    String yaml = VALID.replace("127.0.0.1:5300", "127.0.0.1:" + port)
        .replace("\"192.0.2.1\", {address: \"[2001:db8::1]:5353\", key: k1.}", "\"127.0.0.1:" + unused + "\"")
        .replace("notify: [ \"127.0.0.2:5301\", {address: \"127.0.0.3\", key: k1.} ]", "notify: []");
    try (var server = SyncTestSupport.startTandem(dir, yaml)) {
      assertThat(dir.resolve("state")).isDirectory();
      // s.test. is configured, has no data and no reachable primary: SERVFAIL, not REFUSED.
      assertThat(SyncTestSupport.serial(new java.net.InetSocketAddress(SyncTestSupport.LO, port),
          Name.fromConstantString("s.test."))).isEqualTo((long) -org.xbill.DNS.Rcode.SERVFAIL);
    }
  }
}
