package io.tandemdns.sync.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandemdns.sync.journal.Journal;
import io.tandemdns.sync.journal.JournalLimits;
import io.tandemdns.sync.refresh.ExecutorScheduler;
import io.tandemdns.sync.refresh.NetworkZoneSource;
import io.tandemdns.sync.refresh.SecondaryZone;
import io.tandemdns.sync.refresh.TimerLimits;
import io.tandemdns.sync.store.ZoneStore;
import io.tandemdns.sync.xfrin.SoaProbe;
import io.tandemdns.sync.xfrin.TransferClient;
import io.tandemdns.sync.xfrin.TransferLimits;
import io.tandemdns.zone.Zone;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;

/** The whole secondary path on real sockets: Knot primary → SecondaryZone (real scheduler). */
class KnotSecondaryTest {
  @TempDir Path dir;

  @Test
  void initialTransferThenNotifyDrivenIxfrPersistedAndJournaled() throws Exception {
    Path state = dir.resolve("state");
    try (KnotServer knot = new KnotServer(dir.resolve("knot"), KnotTransferClientTest.ORIGIN,
            KnotTransferClientTest.ZONE, "xfr.example.", KnotTransferClientTest.SECRET);
        ExecutorScheduler scheduler = new ExecutorScheduler(Clock.systemUTC(), 2)) {
      LinkedBlockingQueue<Zone> served = new LinkedBlockingQueue<>();
      NetworkZoneSource net = new NetworkZoneSource(new SoaProbe(Duration.ofSeconds(2), KnotServer.LOOPBACK),
          new TransferClient(TransferLimits.DEFAULT, KnotServer.LOOPBACK));
      Journal journal = Journal.open(state, KnotTransferClientTest.ORIGIN, JournalLimits.DEFAULT);
      ZoneStore store = new ZoneStore(state, KnotTransferClientTest.ORIGIN);
      SecondaryZone zone = new SecondaryZone(KnotTransferClientTest.ORIGIN,
          List.of(knot.primary(KnotTransferClientTest.KEY)), net, scheduler, TimerLimits.DEFAULT,
          store, journal, served::add, n -> { });
      zone.start();
      Zone first = served.poll(20, TimeUnit.SECONDS);
      assertThat(first).isNotNull();
      assertThat(first.serial()).isEqualTo(100);

      knot.change("zone-set notified.example.com. 300 TXT hello");
      zone.notifyReceived(KnotServer.LOOPBACK);
      Zone second = served.poll(20, TimeUnit.SECONDS);
      assertThat(second).isNotNull();
      assertThat(second.serial()).isEqualTo(101);
      assertThat(second.node(Name.fromString("notified.example.com."))).isNotNull();
      assertThat(knot.log()).contains("IXFR, outgoing").contains("serial 100 -> 101");
      await(() -> zone.state() == SecondaryZone.State.OK);
      assertThat(journal.chainFrom(100)).get().asList().hasSize(1);
      assertThat(store.load().orElseThrow().zone().serial()).isEqualTo(101);
      zone.stop();

      // Restart: the persisted copy is served at once, even with the primary gone.
      knot.close();
      LinkedBlockingQueue<Zone> again = new LinkedBlockingQueue<>();
      SecondaryZone restarted = new SecondaryZone(KnotTransferClientTest.ORIGIN,
          List.of(knot.primary(KnotTransferClientTest.KEY)), net, scheduler, TimerLimits.DEFAULT,
          store, journal, again::add, n -> { });
      restarted.start();
      assertThat(again.poll()).isNotNull().extracting(Zone::serial).isEqualTo(101L);
      restarted.stop();
    }
  }

  @Test
  void wrongKeyChangesNothing() throws Exception {
    try (KnotServer knot = new KnotServer(dir.resolve("knot"), KnotTransferClientTest.ORIGIN,
            KnotTransferClientTest.ZONE, "xfr.example.", KnotTransferClientTest.SECRET);
        ExecutorScheduler scheduler = new ExecutorScheduler(Clock.systemUTC(), 1)) {
      LinkedBlockingQueue<Zone> served = new LinkedBlockingQueue<>();
      NetworkZoneSource net = new NetworkZoneSource(new SoaProbe(Duration.ofSeconds(1), null),
          new TransferClient(TransferLimits.DEFAULT, null));
      ZoneStore store = new ZoneStore(dir.resolve("state"), KnotTransferClientTest.ORIGIN);
      SecondaryZone zone = new SecondaryZone(KnotTransferClientTest.ORIGIN,
          List.of(knot.primary(KnotTransferClientTest.WRONG)), net, scheduler, TimerLimits.DEFAULT,
          store, null, served::add, n -> { });
      zone.start();
      await(() -> zone.nextCheck() != null && zone.nextCheck().isAfter(java.time.Instant.now()));
      assertThat(served).isEmpty();
      assertThat(zone.state()).isEqualTo(SecondaryZone.State.LOADING);
      assertThat(store.load()).isEmpty();
      zone.stop();
    }
  }

  static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("condition not met within 20 s").isLessThan(deadline);
      Thread.sleep(20);
    }
  }
}
