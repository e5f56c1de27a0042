package io.tandemdns.server.response;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandemdns.zone.Zone;
import io.tandemdns.zone.load.ZoneFileLoader;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;

/** Byte-for-byte equality with the dnsjava encoding on the differential suite's zones. */
class EncoderEquivalenceTest {
  private static Zone load(String file, String origin) throws Exception {
    Path path = Path.of(EncoderEquivalenceTest.class.getResource("/diff/" + file).toURI());
    return ZoneFileLoader.load(path, Name.fromString(origin));
  }

  @Test
  void sameBytesAsDnsjavaOnTheDifferentialZones() throws Exception {
    List<Zone> zones = List.of(load("diff.test.zone", "diff.test."), load("parent.test.zone", "parent.test."),
        load("child.parent.test.zone", "child.parent.test."));
    assertThat(EncoderEquivalence.assertSameBytes(zones)).isGreaterThan(10_000);
  }

  @Test
  void sameBytesForLargeAnswersAndOddTypes() throws Exception {
    StringBuilder text = new StringBuilder("""
        $ORIGIN odd.test.
        $TTL 300
        @ SOA ns.odd.test. Host.Master.odd.test. 1 7200 3600 1209600 300
        @ NS ns
        @ NS ns.other.example.
        ns A 192.0.2.1
        mx MX 0 .
        mx MX 10 MAIL.Odd.Test.
        naptr NAPTR 100 10 "S" "SIP+D2U" "" _sip._udp.odd.test.
        _sip._udp SRV 0 5 5060 Ns.Odd.Test.
        caa CAA 0 issue "ca.example.net"
        ptr PTR Target.Elsewhere.Example.
        rp RP admin.odd.test. txt.odd.test.
        svc HTTPS 1 . alpn=h2
        big-txt TXT "%s"
        """.formatted("x".repeat(250)));
    for (int i = 0; i < 400; i++) {
      text.append("many A 198.18.").append(i / 250).append('.').append(i % 250).append('\n');
      text.append("many NS ns").append(i).append(".Sub-").append(i % 7).append(".odd.test.\n");
    }
    Zone zone = ZoneFileLoader.load(text.toString(), "odd.test.zone", Name.fromString("odd.test."));
    assertThat(EncoderEquivalence.assertSameBytes(List.of(zone))).isGreaterThan(1_000);
  }
}
