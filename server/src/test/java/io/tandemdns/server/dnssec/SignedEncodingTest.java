package io.tandemdns.server.dnssec;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandemdns.server.response.EncoderEquivalence;
import io.tandemdns.zone.Zone;
import io.tandemdns.zone.load.ZoneFileLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;

/**
 * The hand-written encoder against dnsjava's on signed answers (RRSIGs after each RRset, NSEC and
 * NSEC3 proofs, signed referrals), every truncation point included: same bytes.
 */
class SignedEncodingTest {
  @TempDir static Path work;
  private static List<Zone> zones;

  @BeforeAll
  static void sign() throws Exception {
    Map<Name, Path> files = SignedZones.signAll(Files.createDirectories(work.resolve("zones")));
    zones = new ArrayList<>();
    for (Map.Entry<Name, Path> f : files.entrySet()) {
      zones.add(ZoneFileLoader.load(f.getValue(), f.getKey()));
    }
  }

  @Test
  void sameBytesAsDnsjavaForSignedAnswers() throws Exception {
    assertThat(zones).hasSize(3);
    assertThat(EncoderEquivalence.assertSameBytes(zones)).isGreaterThan(10_000);
  }
}
