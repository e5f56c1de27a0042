package io.tandemdns.server.sync;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * NOTIFY out (RFC 1996 §3.5–3.6): one UDP NOTIFY per target after each new version, from the
 * configured source address, TSIG-signed when the target has a key, retried with doubling
 * back-off until answered or {@link #MAX_TRIES} attempts (RFC 1996 §3.6 leaves the schedule to
 * us; BIND and Knot retry a handful of times). Runs on its own threads, never an event loop.
 */
final class NotifySender implements AutoCloseable {
  private static final Logger LOG = LogManager.getLogger(NotifySender.class);
  static final int MAX_TRIES = 5;
  private static final int FIRST_TIMEOUT_MS = 1000;

  private final InetAddress source;
  private final ScheduledExecutorService executor;
  private final AtomicInteger answered = new AtomicInteger();
  private final Outcome outcome;
  /**
   * The serial most recently announced per zone and target. A NOTIFY still being retried for an
   * older serial stops once a newer one is announced (BIND does the same): the newer NOTIFY says
   * all the older one would, and a late old one would only confuse the status.
   */
  private final Map<String, Long> latest = new ConcurrentHashMap<>();

  /** Told the final outcome of each NOTIFY (answered, or given up), for the zone status. */
  interface Outcome {
    void sent(org.xbill.DNS.Name zone, InetSocketAddress target, String result);
  }

  NotifySender(InetAddress source, Outcome outcome) {
    this.source = source;
    this.outcome = outcome;
    AtomicInteger n = new AtomicInteger();
    this.executor = Executors.newScheduledThreadPool(2, r -> {
      Thread t = new Thread(r, "notify-out-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  /** NOTIFYs answered so far (tests). */
  int answered() {
    return answered.get();
  }

  void send(SOARecord soa, List<ZoneRole.NotifyTarget> targets) {
    for (ZoneRole.NotifyTarget t : targets) {
      latest.put(key(soa, t), soa.getSerial());
      executor.execute(() -> attempt(soa, t, 1));
    }
  }

  private static String key(SOARecord soa, ZoneRole.NotifyTarget target) {
    return soa.getName().toString().toLowerCase(java.util.Locale.ROOT) + " " + target.address();
  }

  private void attempt(SOARecord soa, ZoneRole.NotifyTarget target, int tryNo) {
    Long newest = latest.get(key(soa, target));
    if (newest != null && newest != soa.getSerial()) {
      LOG.debug("zone {} NOTIFY out to {}: serial {} superseded by {}", soa.getName(), target, soa.getSerial(), newest);
      return;
    }
    long start = System.nanoTime();
    int timeout = FIRST_TIMEOUT_MS << (tryNo - 1);
    String outcome;
    try {
      outcome = exchange(soa, target, timeout);
    } catch (IOException | RuntimeException e) {
      outcome = null;
      LOG.debug("NOTIFY to {} failed: {}", target, e.toString());
    }
    long ms = (System.nanoTime() - start) / 1_000_000;
    if (outcome != null) {
      answered.incrementAndGet();
      this.outcome.sent(soa.getName(), target.address(), outcome + ", serial " + soa.getSerial());
      LOG.info("zone {} NOTIFY out to {}: {}, serial {}, try {}, {} ms", soa.getName(), target, outcome,
          soa.getSerial(), tryNo, ms);
      return;
    }
    if (tryNo >= MAX_TRIES) {
      this.outcome.sent(soa.getName(), target.address(), "no answer after " + tryNo + " tries, serial " + soa.getSerial());
      LOG.warn("zone {} NOTIFY out to {}: no answer after {} tries, serial {}; giving up", soa.getName(), target,
          tryNo, soa.getSerial());
      return;
    }
    if (!executor.isShutdown()) {
      // The timeout already doubled per try; wait as long again before the next one.
      executor.schedule(() -> attempt(soa, target, tryNo + 1), timeout, TimeUnit.MILLISECONDS);
    }
  }

  /** One NOTIFY and its answer; the outcome text, or null when nothing (valid) came back. */
  private String exchange(SOARecord soa, ZoneRole.NotifyTarget target, int timeoutMs) throws IOException {
    Message m = new Message(ThreadLocalRandom.current().nextInt(1 << 16));
    m.getHeader().setOpcode(Opcode.NOTIFY);
    m.getHeader().setFlag(Flags.AA); // RFC 1996 §3.7
    m.addRecord(Record.newRecord(soa.getName(), Type.SOA, DClass.IN), Section.QUESTION);
    m.addRecord(soa, Section.ANSWER); // RFC 1996 §3.7: the new SOA as a hint
    if (target.key() != null) {
      target.key().apply(m, null);
    }
    byte[] wire = m.toWire();
    // The source address only when it is of the target's family (IPv4 vs IPv6).
    InetAddress target4or6 = target.address().getAddress();
    boolean sameFamily = source != null && source.getAddress().length == target4or6.getAddress().length;
    try (DatagramSocket s = new DatagramSocket(sameFamily ? new InetSocketAddress(source, 0) : new InetSocketAddress(0))) {
      s.setSoTimeout(timeoutMs);
      s.send(new DatagramPacket(wire, wire.length, target.address()));
      byte[] buf = new byte[65535];
      long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
      while (System.nanoTime() < deadline) {
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        try {
          s.receive(p);
        } catch (SocketTimeoutException e) {
          return null;
        }
        if (!p.getAddress().equals(target.address().getAddress())) {
          continue;
        }
        byte[] got = Arrays.copyOf(buf, p.getLength());
        Message r;
        try {
          r = new Message(got);
        } catch (IOException e) {
          continue;
        }
        if (r.getHeader().getID() != m.getHeader().getID() || !r.getHeader().getFlag(Flags.QR)) {
          continue;
        }
        if (target.key() != null) {
          int err = target.key().verify(r, got, m.getTSIG());
          if (err != Rcode.NOERROR) {
            return "answered " + Rcode.string(r.getRcode()) + " with bad TSIG (" + Rcode.TSIGstring(err) + ")";
          }
        }
        return "answered " + Rcode.string(r.getRcode());
      }
      return null;
    }
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
