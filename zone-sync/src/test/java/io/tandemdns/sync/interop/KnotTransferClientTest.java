package io.tandemdns.sync.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandemdns.sync.TestZones;
import io.tandemdns.sync.tsig.Keyring;
import io.tandemdns.sync.xfrin.SoaProbe;
import io.tandemdns.sync.xfrin.TransferClient;
import io.tandemdns.sync.xfrin.TransferException;
import io.tandemdns.sync.xfrin.TransferLimits;
import io.tandemdns.sync.xfrin.TransferResult;
import io.tandemdns.zone.Zone;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;
import org.xbill.DNS.TSIG;

/** TransferClient and SoaProbe against a real knotd primary with TSIG. */
class KnotTransferClientTest {
  static final String SECRET = "c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LTEyMzQ=";
  static final TSIG KEY = Keyring.key("xfr.example.", "hmac-sha256", SECRET, Clock.systemUTC());
  static final TSIG WRONG = Keyring.key("xfr.example.", "hmac-sha256", "b3RoZXItc2VjcmV0", Clock.systemUTC());
  static final Name ORIGIN = TestZones.ORIGIN;
  static final String ZONE = "$ORIGIN example.com.\n$TTL 300\n"
      + "@ IN SOA ns1 hostmaster 100 3600 600 86400 300\n@ IN NS ns1\nns1 IN A 192.0.2.53\n"
      + "www IN A 192.0.2.1\n" + TestZones.hosts(3000, "bulk");

  @TempDir Path dir;

  @Test
  void axfrThenIxfrThenWrongKey() throws Exception {
    try (KnotServer knot = new KnotServer(dir, ORIGIN, ZONE, "xfr.example.", SECRET)) {
      TransferClient client = new TransferClient(TransferLimits.DEFAULT, KnotServer.LOOPBACK);
      SoaProbe probe = new SoaProbe(Duration.ofSeconds(2), KnotServer.LOOPBACK);
      assertThat(probe.querySerial(ORIGIN, knot.primary(KEY))).isEqualTo(100);

      // Initial AXFR: many messages (3000+ records), TSIG verified on each by dnsjava.
      TransferResult first = client.pull(ORIGIN, knot.primary(KEY), null);
      assertThat(first).isInstanceOf(TransferResult.Full.class);
      Zone v100 = ((TransferResult.Full) first).zone();
      assertThat(v100.serial()).isEqualTo(100);
      assertThat(v100.recordCount()).isEqualTo(4 + 3000);
      assertThat(v100.node(Name.fromString("bulk2999.example.com."))).isNotNull();

      // Up to date: IXFR answered with the single SOA.
      assertThat(client.pull(ORIGIN, knot.primary(KEY), v100)).isInstanceOf(TransferResult.UpToDate.class);

      // A change on the primary → IXFR (Knot journals it), applied to our copy.
      knot.change("zone-set new.example.com. 300 A 192.0.2.9", "zone-unset www.example.com. A 192.0.2.1");
      assertThat(probe.querySerial(ORIGIN, knot.primary(KEY))).isEqualTo(101);
      TransferResult second = client.pull(ORIGIN, knot.primary(KEY), v100);
      assertThat(second).isInstanceOf(TransferResult.Incremental.class);
      TransferResult.Incremental inc = (TransferResult.Incremental) second;
      assertThat(inc.zone().serial()).isEqualTo(101);
      assertThat(inc.chain()).hasSize(1);
      assertThat(inc.zone().node(Name.fromString("new.example.com."))).isNotNull();
      assertThat(inc.zone().node(Name.fromString("www.example.com."))).isNull();
      assertThat(inc.zone().recordCount()).isEqualTo(v100.recordCount());
      assertThat(knot.log()).contains("IXFR, outgoing").contains("serial 100 -> 101");

      // Our copy at a serial Knot has no history for: Knot answers AXFR-style; we accept it.
      Zone stranger = TestZones.zone(ORIGIN, TestZones.soa(50) + "@ 300 IN NS ns1\nns1 300 IN A 192.0.2.53\n");
      TransferResult fallback = client.pull(ORIGIN, knot.primary(KEY), stranger);
      assertThat(fallback).isInstanceOf(TransferResult.Full.class);
      assertThat(fallback.serial()).isEqualTo(101);

      // Wrong key: the transfer fails, nothing is returned to apply.
      assertThatThrownBy(() -> client.pull(ORIGIN, knot.primary(WRONG), v100))
          .isInstanceOf(TransferException.class);
      assertThatThrownBy(() -> client.pull(ORIGIN, knot.primary(WRONG), null))
          .isInstanceOf(TransferException.class);
      assertThatThrownBy(() -> probe.querySerial(ORIGIN, knot.primary(WRONG)))
          .isInstanceOf(TransferException.class).hasMessageContaining("TSIG");
      // No key at all: Knot's ACL requires one.
      assertThatThrownBy(() -> client.pull(ORIGIN, knot.primary(null), null))
          .isInstanceOf(TransferException.class);

      // Limits against a hostile primary: too many records or bytes → failure.
      TransferClient tight = new TransferClient(new TransferLimits(1000, 1 << 30, Duration.ofMinutes(1)), null);
      assertThatThrownBy(() -> tight.pull(ORIGIN, knot.primary(KEY), null))
          .isInstanceOf(TransferException.class).hasMessageContaining("more than 1000 records");
      TransferClient small = new TransferClient(new TransferLimits(1 << 20, 10_000, Duration.ofMinutes(1)), null);
      assertThatThrownBy(() -> small.pull(ORIGIN, knot.primary(KEY), null))
          .isInstanceOf(TransferException.class).hasMessageContaining("bytes");
    }
  }
}
