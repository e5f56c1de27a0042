package io.tandemdns.server.sync;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.tandemdns.server.query.Transport;
import io.tandemdns.server.response.TransferWriter;
import io.tandemdns.sync.journal.Journal;
import io.tandemdns.sync.tsig.Keyring;
import io.tandemdns.sync.tsig.RequestAuth;
import io.tandemdns.sync.xfrout.AxfrProducer;
import io.tandemdns.sync.xfrout.IxfrProducer;
import io.tandemdns.sync.xfrout.IxfrUdp;
import io.tandemdns.zone.Zone;
import io.tandemdns.zone.ZoneRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Supplier;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * Decides and produces AXFR (RFC 5936) and IXFR (RFC 1995) answers: who may transfer, which
 * answer a client gets, and over which transport. Guard clauses in order:
 * <ol>
 *   <li>the question names a zone that takes part in sync and is served (else REFUSED, or
 *       SERVFAIL for a secondary without data);
 *   <li>TSIG, when present, verifies (else NOTAUTH, RFC 8945 §5.2);
 *   <li>the client passes the zone's allow-transfer ACL (else REFUSED, logged with its address);
 *   <li>AXFR only over TCP (RFC 5936 §4.2: REFUSED over UDP); IXFR needs the client's SOA in the
 *       authority section (RFC 1995 §3, else FORMERR).
 * </ol>
 */
final class TransferOut {
  private final Supplier<ZoneRegistry> registry;
  private final Map<Name, ZoneRole> roles;
  private final Map<Name, Journal> journals;
  private final Keyring keyring;
  private final SyncStats stats;
  /** Transfers started, by answer kind (operators, interop tests). */
  final java.util.concurrent.atomic.AtomicLong incremental = new java.util.concurrent.atomic.AtomicLong();
  final java.util.concurrent.atomic.AtomicLong full = new java.util.concurrent.atomic.AtomicLong();

  TransferOut(Supplier<ZoneRegistry> registry, Map<Name, ZoneRole> roles, Map<Name, Journal> journals, Keyring keyring,
      SyncStats stats) {
    this.stats = stats;
    this.registry = registry;
    this.roles = roles;
    this.journals = journals;
    this.keyring = keyring;
  }

  /** Carries the counters of the instance this one replaces (reconfiguration). */
  TransferOut continuing(TransferOut previous) {
    incremental.set(previous.incremental.get());
    full.set(previous.full.get());
    return this;
  }

  /** The decision: either a finished one-message answer or a stream over the zone. */
  private record Plan(Message single, OutgoingTransfer stream) {}

  OutgoingTransfer tcp(ByteBuf frame, InetSocketAddress client) {
    if (!WirePeek.isTransferQuery(frame)) {
      return null;
    }
    byte[] wire = Responses.bytes(frame);
    Message query;
    try {
      query = new Message(wire);
    } catch (IOException | RuntimeException e) {
      return null; // malformed: the query pipeline answers FORMERR
    }
    Plan p = plan(query, wire, client, Transport.TCP, 65535);
    return p.stream != null ? p.stream : OutgoingTransfer.single(p.single);
  }

  ByteBuf single(ByteBuf buf, InetSocketAddress client, Transport transport, int maxSize, ByteBufAllocator alloc) {
    byte[] wire = Responses.bytes(buf);
    Message query;
    try {
      query = new Message(wire);
    } catch (IOException | RuntimeException e) {
      return null;
    }
    Plan p = plan(query, wire, client, transport, maxSize);
    if (p.single != null) {
      return Responses.toBuf(p.single, alloc);
    }
    // TCP streams are handled by TransferHandler; reaching here means a one-shot reader.
    ByteBuf first = p.stream.next(alloc);
    p.stream.finished("failed: only the first message could be sent");
    return first;
  }

  private Plan plan(Message query, byte[] wire, InetSocketAddress client, Transport transport, int maxSize) {
    Record question = query.getQuestion();
    int qtype = question.getType();
    String op = Type.string(qtype);
    Name origin = question.getName();
    ZoneRole role = roles.get(origin);
    ZoneRegistry reg = registry.get();
    Zone zone = reg.get(origin);
    if (role == null || question.getDClass() != DClass.IN) {
      return new Plan(Responses.answer(query, Rcode.REFUSED, null), null);
    }
    RequestAuth auth = RequestAuth.check(query, wire, keyring);
    if (auth.status() == RequestAuth.Status.FAILED) {
      OutgoingTransfer.LOG.warn("zone {} {} out to {}: NOTAUTH, TSIG {} ({})", origin, op, show(client),
          Rcode.TSIGstring(auth.tsigError()), auth.requestTsig().getName());
      stats.transfersOutRefused.increment();
      return new Plan(Responses.notAuth(query, auth, keyring), null);
    }
    if (!role.allowTransfer().allows(client.getAddress(), auth.keyName())) {
      OutgoingTransfer.LOG.warn("zone {} {} out to {}: REFUSED, not in allow-transfer{}", origin, op, show(client),
          auth.keyName() == null ? " (unsigned)" : " (key " + auth.keyName() + ")");
      stats.transfersOutRefused.increment();
      return new Plan(Responses.answer(query, Rcode.REFUSED, auth), null);
    }
    if (zone == null) {
      return new Plan(Responses.answer(query, Rcode.SERVFAIL, auth), null);
    }
    if (qtype == Type.AXFR) {
      if (transport != Transport.TCP) {
        stats.transfersOutRefused.increment();
        return new Plan(Responses.answer(query, Rcode.REFUSED, auth), null);
      }
      full.incrementAndGet();
      String serial = String.valueOf(zone.serial());
      if (auth.key() == null) {
        Record q = query.getQuestion();
        TransferWriter writer = new TransferWriter(query.getHeader().getID(), query.getHeader().getFlag(Flags.RD),
            q.getName(), q.getType(), q.getDClass(), AxfrProducer.records(zone), AxfrProducer.MESSAGE_BYTES);
        return new Plan(null, new OutgoingTransfer(origin, "AXFR", client, serial, writer).countedIn(stats));
      }
      return new Plan(null, new OutgoingTransfer(origin, "AXFR", client, serial,
          AxfrProducer.of(query, zone, auth.key())).countedIn(stats));
    }
    OptionalLong theirs = IxfrProducer.clientSerial(query);
    if (theirs.isEmpty()) {
      return new Plan(Responses.answer(query, Rcode.FORMERR, auth), null);
    }
    Journal journal = journals.get(origin);
    if (transport != Transport.TCP) {
      incremental.incrementAndGet();
      return new Plan(IxfrUdp.answer(query, theirs.getAsLong(), zone, journal, auth.key(), maxSize), null);
    }
    IxfrProducer.Answer a = IxfrProducer.of(query, theirs.getAsLong(), zone, journal, true, auth.key());
    (a.kind() == IxfrProducer.Kind.INCREMENTAL ? incremental : full).incrementAndGet();
    String kind = switch (a.kind()) {
      case UP_TO_DATE -> "IXFR(up to date)";
      case INCREMENTAL -> "IXFR";
      case AXFR_STYLE -> "IXFR(AXFR-style)";
    };
    return new Plan(null, new OutgoingTransfer(origin, kind, client, theirs.getAsLong() + "→" + zone.serial(),
        a.messages()).countedIn(stats));
  }

  private static String show(InetSocketAddress a) {
    return a.getAddress().getHostAddress() + "#" + a.getPort();
  }
}
