package io.tandemdns.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandemdns.server.transport.Listeners;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.xbill.DNS.Name;

class ConfigFileTest {
  @TempDir Path dir;
  Path file;

  @BeforeEach
  void zoneFile() throws IOException {
    Files.writeString(dir.resolve("example.com.zone"), "; not parsed by the config reader\n");
    file = dir.resolve("tandem.yaml");
  }

  private ServerConfig read(String... lines) throws Exception {
    Files.writeString(file, String.join("\n", lines) + "\n");
    return ConfigFile.read(file);
  }

  private String error(String... lines) {
    Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> read(lines));
    assertThat(t).isInstanceOf(ConfigException.class);
    return t.getMessage();
  }

  @Test
  void theShippedExampleIsValid() throws Exception {
    String example;
    try (InputStream in = getClass().getResourceAsStream("/tandem.example.yaml")) {
      example = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    Files.writeString(file, example);
    ServerConfig cfg = ConfigFile.read(file);
    assertThat(cfg.listen()).map(Listeners::format).containsExactly("127.0.0.1:5300", "[::1]:5300");
    assertThat(cfg.zones()).containsExactly(
        new ZoneConfig(Name.fromConstantString("example.com."), dir.resolve("example.com.zone")));
    assertThat(cfg.query().version()).isEqualTo("Tandem DNS");
    assertThat(cfg.query().identity()).isEqualTo("ns1.example.net");
    assertThat(cfg.query().nsid()).isEqualTo("ns1".getBytes(StandardCharsets.US_ASCII));
    assertThat(cfg.query().ednsPayload()).isEqualTo(1232);
    assertThat(cfg.query().cacheMaxEntries()).isEqualTo(100_000);
    assertThat(cfg.tcp()).isEqualTo(new TcpSettings(1000, 50, Duration.ofSeconds(10), 10_000));
    assertThat(cfg.threads()).isZero();
    assertThat(cfg.logLevel()).isEqualTo("info");
    assertThat(cfg.source()).isEqualTo(file);
  }

  @Test
  void everyKeyIsRead() throws Exception {
    ServerConfig cfg = read(
        "listen: \"192.0.2.1\"",
        "zones:",
        "  - name: example.com",
        "    file: example.com.zone",
        "identity:",
        "  nsid: \"0x6E7331\"",
        "  chaos: false",
        "  version: \"1.0\"",
        "edns-payload: 4096",
        "cache-size: 0",
        "tcp:",
        "  max-connections: 7",
        "  max-connections-per-client: 3",
        "  idle-timeout: 2",
        "  max-queries-per-connection: 5",
        "threads: 3",
        "logging:",
        "  level: DEBUG");
    assertThat(cfg.listen()).map(Listeners::format).containsExactly("192.0.2.1:53");
    assertThat(cfg.zones().get(0).origin()).hasToString("example.com.");
    assertThat(cfg.query().nsid()).containsExactly('n', 's', '1');
    assertThat(cfg.query().version()).isNull(); // chaos: false wins
    assertThat(cfg.query().identity()).isNull();
    assertThat(cfg.query().ednsPayload()).isEqualTo(4096);
    assertThat(cfg.query().cacheMaxEntries()).isZero();
    assertThat(cfg.tcp()).isEqualTo(new TcpSettings(7, 3, Duration.ofSeconds(2), 5));
    assertThat(cfg.threads()).isEqualTo(3);
    assertThat(cfg.logLevel()).isEqualTo("debug");
  }

  @Test
  void anEmptyFileGivesDefaults() throws Exception {
    ServerConfig cfg = read("# nothing");
    assertThat(cfg.listen()).isEmpty();
    assertThat(cfg.zones()).isEmpty();
    assertThat(cfg.tcp()).isEqualTo(TcpSettings.defaults());
    assertThat(cfg.query().ednsPayload()).isEqualTo(1232);
  }

  @Test
  void aValueOutOfRangeNamesFileKeyAndValue() {
    assertThat(error("edns-payload: 70000")).isEqualTo(file + ": key 'edns-payload': 70000 is not in 512..4096");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
    "edns-payload: big|key 'edns-payload': 'big' is not a whole number",
    "edns-payload: 100|key 'edns-payload': 100 is not in 512..4096",
    "threads: -1|key 'threads': -1 is not in 0..1024",
    "cache-size: 99999999999999999999999|key 'cache-size':",
    "tcp: {idle-timeout: 0}|key 'tcp.idle-timeout': 0 is not in 1..3600",
    "tcp: {max-connections: 5, max-connections-per-client: 6}|key 'tcp.max-connections-per-client': 6 is more than",
    "identity: {chaos: maybe}|key 'identity.chaos': 'maybe' is not true or false",
    "identity: {nsid: 0x1234}|key 'identity.nsid': 4660 is not a non-empty quoted string",
    "identity: {nsid: \"0xABC\"}|key 'identity.nsid': '0xABC' is not an even number of hex digits",
    "logging: {level: loud}|key 'logging.level': 'loud' is not one of error, warn, info, debug, trace",
    "listen: [\"localhost:53\"]|key 'listen': 'localhost:53' is not an IP address",
    "listen: [\"127.0.0.1:53\", \"127.0.0.1:53\"]|key 'listen': '127.0.0.1:53' is listed twice",
    "listen: [1:20]|key 'listen': 80 is not an address",
    "zones: [a.zone]|key 'zones': each entry must be a mapping",
    "zones: [{name: \"bad..name\", file: example.com.zone}]|key 'zones.name': 'bad..name' (zone #1) is not a domain name",
    "zones: [{name: a.test.}]|key 'zones.file': (zone a.test.): missing",
    "zones: [{name: a., file: example.com.zone}, {name: a., file: example.com.zone}]|key 'zones.name': a. is listed twice",
  })
  void badValuesAreNamed(String yaml, String expected) {
    assertThat(error(yaml)).startsWith(file.toString()).contains(expected);
  }

  @Test
  void unknownKeysAreErrors() {
    String message = error("listen: [\"127.0.0.1:53\"]", "edns-paylod: 1232", "tcp:", "  idle: 3");
    assertThat(message)
        .contains(file + ": unknown key 'edns-paylod'")
        .contains(file + ": unknown key 'tcp.idle'")
        .contains("known keys: listen,");
  }

  @Test
  void unknownKeysInAZoneEntryAreErrors() {
    assertThat(error("zones:", "  - name: example.com.", "    file: example.com.zone", "    type: primary"))
        .contains(file + ": unknown key 'zones.type' (zone #1)");
  }

  @Test
  void aMissingZoneFileNamesKeyAndBothFiles() {
    assertThat(error("zones:", "  - name: example.org.", "    file: sub/example.org.zone"))
        .isEqualTo(file + ": key 'zones.file': " + dir.resolve("sub/example.org.zone")
            + " (zone example.org.) does not exist");
  }

  @Test
  void relativeZoneFilesResolveAgainstTheConfigDirectoryNotTheWorkingDirectory() throws Exception {
    Path sub = Files.createDirectories(dir.resolve("etc"));
    Files.writeString(sub.resolve("z.zone"), "");
    Files.writeString(sub.resolve("tandem.yaml"), "zones:\n  - name: z.\n    file: z.zone\n");
    assertThat(ConfigFile.read(sub.resolve("tandem.yaml")).zones().get(0).file()).isEqualTo(sub.resolve("z.zone"));
  }

  @Test
  void allProblemsAreReportedTogether() {
    ConfigException e = (ConfigException) org.assertj.core.api.Assertions.catchThrowable(
        () -> read("threads: x", "edns-payload: 1", "bogus: 1"));
    assertThat(e.problems()).hasSize(3);
  }

  @Test
  void invalidYamlNamesTheLine() {
    assertThat(error("listen:", "  - [::1]:53"))
        .startsWith(file + ": not valid YAML:")
        .contains("line 2")
        .contains("\"[::1]:53\"");
  }

  @Test
  void anUnreadableFileIsAConfigError() {
    assertThatThrownBy(() -> ConfigFile.read(dir.resolve("missing.yaml")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(dir.resolve("missing.yaml") + ": cannot read");
  }

  @Test
  void everySchemaKeyIsDocumented() {
    for (ConfigKey key : ConfigKey.values()) {
      assertThat(key.description()).as(key.key()).isNotBlank();
    }
  }
}
