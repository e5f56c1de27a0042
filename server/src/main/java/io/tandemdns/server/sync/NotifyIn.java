package io.tandemdns.server.sync;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.tandemdns.sync.refresh.SecondaryZone;
import io.tandemdns.sync.tsig.Keyring;
import io.tandemdns.sync.tsig.RequestAuth;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Map;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * NOTIFY in (RFC 1996): checked on the event loop (parse, TSIG, ACL — all in memory), answered
 * at once; the SOA check it triggers runs on the refresh threads (RFC 1996 §3.11: the NOTIFY
 * only says "check now", the secondary still asks the primary).
 */
final class NotifyIn {
  private static final Logger LOG = LogManager.getLogger(NotifyIn.class);

  private final Map<Name, ZoneRole> roles;
  private final Map<Name, SecondaryZone> secondaries;
  private final Keyring keyring;
  private final SyncStats stats;
  private final java.util.function.Function<Name, ZoneActivity> activity;

  NotifyIn(Map<Name, ZoneRole> roles, Map<Name, SecondaryZone> secondaries, Keyring keyring, SyncStats stats,
      java.util.function.Function<Name, ZoneActivity> activity) {
    this.roles = roles;
    this.secondaries = secondaries;
    this.keyring = keyring;
    this.stats = stats;
    this.activity = activity;
  }

  ByteBuf handle(ByteBuf buf, InetSocketAddress client, ByteBufAllocator alloc) {
    byte[] wire = Responses.bytes(buf);
    Message query;
    try {
      query = new Message(wire);
    } catch (IOException | RuntimeException e) {
      return null; // unreadable NOTIFY: nothing useful to answer
    }
    Record q = query.getQuestion();
    // RFC 1996 §3.7: QTYPE SOA, the zone's origin as QNAME.
    if (q == null || q.getType() != Type.SOA || q.getDClass() != DClass.IN) {
      return Responses.toBuf(Responses.answer(query, Rcode.FORMERR, null), alloc);
    }
    Name origin = q.getName();
    ZoneRole role = roles.get(origin);
    SecondaryZone zone = secondaries.get(origin);
    if (role == null || zone == null) {
      LOG.info("zone {}: NOTIFY from {} REFUSED: not a secondary zone here", origin, show(client));
      stats.notifyRefused.increment();
      return Responses.toBuf(Responses.answer(query, Rcode.REFUSED, null), alloc);
    }
    RequestAuth auth = RequestAuth.check(query, wire, keyring);
    if (auth.status() == RequestAuth.Status.FAILED) {
      LOG.warn("zone {}: NOTIFY from {} NOTAUTH: TSIG {}", origin, show(client), Rcode.TSIGstring(auth.tsigError()));
      stats.notifyNotauth.increment();
      activity.apply(origin).notifyIn(client, "NOTAUTH (TSIG " + Rcode.TSIGstring(auth.tsigError()) + ")");
      return Responses.toBuf(Responses.notAuth(query, auth, keyring), alloc);
    }
    if (!role.allowNotify().allows(client.getAddress(), auth.keyName())) {
      LOG.warn("zone {}: NOTIFY from {} REFUSED: not in allow-notify{}", origin, show(client),
          auth.keyName() == null ? " (unsigned)" : " (key " + auth.keyName() + ")");
      stats.notifyRefused.increment();
      activity.apply(origin).notifyIn(client, "REFUSED (not in allow-notify)");
      return Responses.toBuf(Responses.answer(query, Rcode.REFUSED, auth), alloc);
    }
    zone.notifyReceived(client.getAddress()); // only schedules
    stats.notifyAccepted.increment();
    activity.apply(origin).notifyIn(client, "accepted" + (auth.keyName() == null ? "" : " (TSIG " + auth.keyName() + ")"));
    return Responses.toBuf(Responses.answer(query, Rcode.NOERROR, auth), alloc);
  }

  private static String show(InetSocketAddress a) {
    return a.getAddress().getHostAddress() + "#" + a.getPort();
  }
}
