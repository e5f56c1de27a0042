package io.tandemdns.server.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandemdns.server.config.ConfigException;
import io.tandemdns.server.config.ConfigFile;
import io.tandemdns.server.config.ServerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbill.DNS.Name;

/** The catalog keys of tandem.yaml (issue 8): a valid config, and one case per invalid value. */
class CatalogConfigTest {
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
      templates:
        - name: provider
          primaries: [ "127.0.0.9:5301" ]
          allow-transfer: [ "127.0.0.1" ]
        - name: gold
          primaries: [ "127.0.0.8" ]
          notify: [ "127.0.0.7:5302" ]
      zones:
        - name: p.test.
          file: p.zone
          catalog-group: gold
        - name: cat.test.
          role: secondary
          primaries: [ "127.0.0.9:5301" ]
          catalog: consumer
          catalog-templates: [ provider, gold ]
          catalog-max-members: 50
          catalog-member-suffixes: [ customers.test. ]
          catalog-removal-grace: 10m
        - name: out.test.
          catalog: producer
          allow-transfer: [ "127.0.0.1" ]
      """;

  @Test
  void validCatalogConfig() throws Exception {
    ServerConfig c = parse(VALID);
    CatalogSettings cs = c.sync().catalogs();
    CatalogSettings.Consumer consumer = cs.consumers().get(Name.fromConstantString("cat.test."));
    assertThat(consumer.templates()).containsExactly("provider", "gold");
    assertThat(consumer.policy().maxMembers()).isEqualTo(50);
    assertThat(consumer.policy().suffixes()).containsExactly(Name.fromConstantString("customers.test."));
    assertThat(consumer.removalGrace()).isEqualTo(Duration.ofMinutes(10));
    assertThat(cs.producers()).containsExactly(Name.fromConstantString("out.test."));
    assertThat(cs.groups()).containsEntry(Name.fromConstantString("p.test."), "gold");
    // The producer is a primary with no file; only the file zone goes to the loader.
    assertThat(c.zones()).extracting(z -> z.origin().toString()).containsExactly("p.test.");
    assertThat(c.sync().zones().get(Name.fromConstantString("out.test.")).isSecondary()).isFalse();
    ZoneRole catalogRole = c.sync().zones().get(Name.fromConstantString("cat.test."));
    assertThat(cs.memberRole(consumer, "gold", catalogRole).primaries().get(0).address().getAddress()
        .getHostAddress()).isEqualTo("127.0.0.8");
    assertThat(cs.memberRole(consumer, "unknown-group", catalogRole).primaries().get(0).address().getPort())
        .isEqualTo(5301);
    assertThat(cs.memberRole(consumer, null, catalogRole)).isEqualTo(cs.templates().get("provider"));
  }

  static Stream<Arguments> invalid() {
    return Stream.of(
        Arguments.of(VALID.replace("catalog: consumer", "catalog: consumr"),
            "key 'zones.catalog': 'consumr' (zone cat.test.) is not 'consumer' or 'producer'"),
        Arguments.of(VALID.replace("state-dir: state\n", ""), "key 'zones.catalog': (zone cat.test.): a catalog consumer needs state-dir"),
        Arguments.of(VALID.replace("catalog-templates: [ provider, gold ]", "catalog-templates: [ silver ]"),
            "key 'zones.catalog-templates': 'silver' (zone cat.test.) is not defined under 'templates'"),
        Arguments.of(VALID.replace("catalog-max-members: 50", "catalog-max-members: lots"),
            "key 'zones.catalog-max-members': 'lots' (zone cat.test.) is not a whole number"),
        Arguments.of(VALID.replace("catalog-removal-grace: 10m", "catalog-removal-grace: soon"),
            "key 'zones.catalog-removal-grace': 'soon' is not a duration"),
        Arguments.of(VALID.replace("catalog-member-suffixes: [ customers.test. ]", "catalog-member-suffixes: [ \"a..b\" ]"),
            "key 'zones.catalog-member-suffixes': 'a..b' (zone cat.test.) is not a domain name"),
        Arguments.of(VALID.replace("    catalog: producer\n", "    catalog: producer\n    file: p.zone\n"),
            "key 'zones.file': (zone out.test.): a catalog producer is generated and has no file"),
        Arguments.of(VALID.replace("    role: secondary\n    primaries: [ \"127.0.0.9:5301\" ]\n    catalog: consumer",
            "    file: p.zone\n    catalog: consumer"), "a catalog consumer is a secondary"),
        Arguments.of(VALID.replace("catalog-group: gold", "catalog-max-members: 3"),
            "key 'zones.catalog-max-members': (zone p.test.): only a catalog consumer has it"),
        Arguments.of(VALID.replace("allow-transfer: [ \"127.0.0.1\" ]\n  - name: gold", "allow-transfer: [ \"127.0.0.1\" ]\n    colour: red\n  - name: gold"),
            "key 'templates.colour': unknown key in template 'provider'"),
        Arguments.of(VALID.replace("primaries: [ \"127.0.0.8\" ]", "primaries: [ \"not-an-ip\" ]"),
            "key 'templates.primaries'"),
        Arguments.of(VALID.replace("- name: gold\n    primaries: [ \"127.0.0.8\" ]\n", "- name: gold\n"),
            "key 'templates.primaries': (template gold): a secondary needs at least one primary"));
  }

  @ParameterizedTest
  @MethodSource("invalid")
  void invalidValuesNameTheKeyAndTheFile(String yaml, String message) {
    assertThatThrownBy(() -> parse(yaml)).isInstanceOf(ConfigException.class)
        .hasMessageContaining(dir.resolve("tandem.yaml").toString())
        .hasMessageContaining(message);
  }
}
