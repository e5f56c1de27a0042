package io.tandemdns.sync.interop;

import static io.tandemdns.sync.TestZones.zone;
import static org.assertj.core.api.Assertions.assertThat;

import io.tandemdns.sync.TestZones;
import io.tandemdns.sync.journal.Journal;
import io.tandemdns.sync.journal.JournalLimits;
import io.tandemdns.sync.tsig.Keyring;
import io.tandemdns.zone.Zone;
import io.tandemdns.zone.diff.ZoneDiff;
import java.nio.file.Path;
import java.util.List;
import io.tandemdns.sync.xfrin.Primary;
import io.tandemdns.sync.xfrin.TransferClient;
import io.tandemdns.sync.xfrin.TransferException;
import io.tandemdns.sync.xfrin.TransferLimits;
import io.tandemdns.sync.xfrin.TransferResult;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** kdig (Knot's client, strict about TSIG and transfer structure) against our producers. */
class KdigFromProducerTest {
  static final String SECRET = "c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LTEyMzQ=";
  static final Keyring KEYS = Keyring.empty().with("xfr.example.", "hmac-sha256", SECRET);

  static Tools.Result kdig(Path kdig, int port, String key, String type) throws Exception {
    return Tools.run(30, kdig.toString(), "@127.0.0.1", "-p", Integer.toString(port), "+tcp",
        "+nocomments", "+nostats", "-y", key, "-t", type, "example.com.");
  }

  @Test
  void kdigAcceptsMultiMessageSignedAxfrAndIxfr() throws Exception {
    Path kdig = Tools.require("/usr/bin/kdig");
    Zone v1 = zone(4294967295L, TestZones.hosts(5000, "h"));
    Zone v2 = zone(1, TestZones.hosts(4990, "h") + "new 300 IN TXT \"after the wrap\"\n");
    Journal j = Journal.inMemory(TestZones.ORIGIN, JournalLimits.DEFAULT);
    j.append(ZoneDiff.compute(v1, v2));

    try (TestXfrServer server = new TestXfrServer(v2, j, KEYS)) {
      Tools.Result axfr = kdig(kdig, server.port(), "hmac-sha256:xfr.example.:" + SECRET, "AXFR");
      assertThat(axfr.exit()).as(axfr.out()).isZero();
      assertThat(axfr.out()).doesNotContainIgnoringCase("failed").doesNotContain("BADSIG");
      List<String> lines = Tools.recordLines(axfr.out());
      assertThat(lines).hasSize(v2.recordCount() + 1);
      assertThat(lines.get(0)).contains("SOA").contains(" 1 ");
      assertThat(lines.get(lines.size() - 1)).contains("SOA");

      Tools.Result ixfr = kdig(kdig, server.port(), "hmac-sha256:xfr.example.:" + SECRET,
          "IXFR=4294967295");
      assertThat(ixfr.exit()).as(ixfr.out()).isZero();
      List<String> ix = Tools.recordLines(ixfr.out());
      // SOA new, SOA old, 10 deletions, SOA new, 1 addition, SOA new.
      assertThat(ix).hasSize(1 + 1 + 10 + 1 + 1 + 1);
      assertThat(ix).filteredOn(l -> l.contains("TXT")).singleElement().asString().contains("after the wrap");

      Tools.Result current = kdig(kdig, server.port(), "hmac-sha256:xfr.example.:" + SECRET, "IXFR=1");
      assertThat(current.exit()).as(current.out()).isZero();
      assertThat(Tools.recordLines(current.out())).singleElement().asString().contains("SOA");

      // A client with the wrong secret is told NOTAUTH and gets no records.
      Tools.Result wrong = kdig(kdig, server.port(), "hmac-sha256:xfr.example.:b3RoZXItc2VjcmV0", "AXFR");
      assertThat(Tools.recordLines(wrong.out())).noneMatch(l -> l.contains("\tA\t"));
      assertThat(wrong.out()).containsIgnoringCase("NOTAUTH");
    }
  }

  /** Tandem → Tandem: our TransferClient (dnsjava ZoneTransferIn) pulls from our producers. */
  @Test
  void ourClientPullsAxfrAndIxfrFromOurProducers() throws Exception {
    Zone v1 = zone(4294967295L, TestZones.hosts(2000, "h"));
    Zone v2 = zone(1, TestZones.hosts(1990, "h") + "new 300 IN TXT \"after the wrap\"\n");
    Journal j = Journal.inMemory(TestZones.ORIGIN, JournalLimits.DEFAULT);
    j.append(ZoneDiff.compute(v1, v2));
    org.xbill.DNS.TSIG key = KEYS.get(org.xbill.DNS.Name.fromString("xfr.example.")).orElseThrow();
    try (TestXfrServer server = new TestXfrServer(v2, j, KEYS)) {
      Primary p = new Primary(new InetSocketAddress(KnotServer.LOOPBACK, server.port()), key);
      TransferClient client = new TransferClient(TransferLimits.DEFAULT, null);
      TransferResult full = client.pull(TestZones.ORIGIN, p, null);
      assertThat(TestZones.texts(((TransferResult.Full) full).zone().records()))
          .isEqualTo(TestZones.texts(v2.records()));
      TransferResult inc = client.pull(TestZones.ORIGIN, p, v1);
      assertThat(inc).isInstanceOf(TransferResult.Incremental.class);
      assertThat(TestZones.texts(((TransferResult.Incremental) inc).zone().records()))
          .isEqualTo(TestZones.texts(v2.records()));
      Primary wrong = new Primary(p.address(), io.tandemdns.sync.tsig.Keyring.key("xfr.example.",
          "hmac-sha256", "b3RoZXItc2VjcmV0", java.time.Clock.systemUTC()));
      assertThatThrownBy(() -> client.pull(TestZones.ORIGIN, wrong, v1)).isInstanceOf(TransferException.class);
    }
  }
}
