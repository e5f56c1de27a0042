package io.tandemdns.server.query;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.tandemdns.lookup.Answer;
import io.tandemdns.lookup.Lookup;
import io.tandemdns.server.query.DecodedQuery.Problem;
import io.tandemdns.server.response.CachedResponse;
import io.tandemdns.server.response.ResponseCache;
import io.tandemdns.server.response.ResponseEncoder;
import io.tandemdns.server.response.ResponseEncoder.Sections;
import io.tandemdns.server.response.ResponseKey;
import io.tandemdns.server.response.ResponseWriter;
import io.tandemdns.zone.Zone;
import io.tandemdns.zone.ZoneRegistry;
import java.net.InetSocketAddress;
import java.util.function.Supplier;
import org.xbill.DNS.DClass;
import org.xbill.DNS.DNSInput;
import org.xbill.DNS.Name;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;
import org.xbill.DNS.WireParseException;

/**
 * Transport-independent query processing: bytes of one DNS message in, bytes of the response
 * out. Never blocks, takes no locks, logs nothing per query; safe to call from many event-loop
 * threads at once.
 *
 * <p>Path: decode header + question + OPT by hand → gates (ordered guard clauses below) →
 * cache hit? patch ID/case/NSID → else registry → {@link Lookup} → encode (EDNS, TC) → cache.
 */
public final class QueryProcessor {
  private static final int HEADER_LENGTH = QueryDecoder.HEADER_LENGTH;
  private static final int FLAG_QR = 0x8000;
  /** RFC 1035 §4.2.1: without EDNS a UDP message is at most 512 octets. */
  private static final int CLASSIC_UDP_LIMIT = 512;
  /** RFC 1035 §4.2.2: the TCP length prefix is 16 bits. */
  private static final int TCP_LIMIT = 65535;
  /** Key generation for answers that come from no zone (CHAOS); zone generations start at 1. */
  private static final long NO_ZONE = 0;
  /**
   * Larger responses (big TCP answers) are re-encoded each time: the cache is bounded by entry
   * count, and this keeps its worst-case memory at cacheMaxEntries × 4 KiB.
   */
  private static final int MAX_CACHED_BYTES = 4096;

  private final Supplier<ZoneRegistry> zones;
  private final QuerySettings settings;
  private final int ednsPayload;
  private final byte[] nsid;
  private final ChaosAnswers chaos;
  private final ResponseCache cache;
  private final QueryStats stats = new QueryStats();

  public QueryProcessor(Supplier<ZoneRegistry> zones, QuerySettings settings) {
    this.zones = zones;
    this.settings = settings;
    this.ednsPayload = settings.ednsPayload();
    this.nsid = settings.nsid();
    this.chaos = new ChaosAnswers(settings.version(), settings.identity());
    this.cache = new ResponseCache(settings.cacheMaxEntries());
  }

  public QuerySettings settings() {
    return settings;
  }

  public QueryStats stats() {
    return stats;
  }

  /** Entries in the response cache (approximate). */
  public long cacheSize() {
    return cache.size();
  }

  /**
   * Answers one message.
   *
   * @param query the message bytes (readable region); not released by this method
   * @param client the peer address (ACLs, rate limiting later)
   * @param transport UDP responses are truncated to the client's limit; TCP up to 65535 bytes
   * @return the response, owned by the caller, or null to send nothing (QR=1, unreadable header)
   */
  public ByteBuf process(ByteBuf query, InetSocketAddress client, Transport transport, ByteBufAllocator alloc) {
    // RFC 1035 §4.1.1: without a whole header there is no ID to answer to.
    if (query.readableBytes() < HEADER_LENGTH) {
      stats.drop();
      return null;
    }
    // Never answer a response (QR=1): that is how two servers ping-pong forever, and a
    // reflection vector. RFC 1035 §4.1.1 defines QR; NSD and Knot drop these silently.
    if ((query.getUnsignedShort(query.readerIndex() + 2) & FLAG_QR) != 0) {
      stats.drop();
      return null;
    }
    DecodedQuery q = null;
    try {
      q = QueryDecoder.decode(query);
      return answer(q, query, transport, alloc);
    } catch (RuntimeException | WireParseException e) {
      // A bug or an unexpected input must not take the listener down: SERVFAIL, no question
      // echoed unless it was read cleanly (RFC 1035 §4.1.1 rcode 2).
      boolean clean = q != null && q.problem == Problem.NONE;
      return error(Rcode.SERVFAIL, query, clean ? q : null, alloc);
    }
  }

  private ByteBuf answer(DecodedQuery q, ByteBuf query, Transport transport, ByteBufAllocator alloc)
      throws WireParseException {
    // Opcode first, as NSD does: a message we do not implement is NOTIMP whatever its body
    // (RFC 1035 §4.1.1 rcode 4). NOTIFY (RFC 1996) will be dispatched here by zone-sync.
    if (q.opcode() != Opcode.QUERY) {
      return error(Rcode.NOTIMP, query, q, alloc);
    }
    // Anything unreadable past the header, QDCOUNT other than 1, and RFC 6891 §6.1.1 OPT
    // violations (two OPTs, OPT outside additional or not at the root, bad option lengths).
    if (q.problem != Problem.NONE) {
      return error(Rcode.FORMERR, query, q, alloc);
    }
    // RFC 6891 §6.1.3: we implement version 0 only; answer BADVERS with our version (0).
    if (q.hasOpt && q.ednsVersion > 0) {
      return error(Rcode.BADVERS, query, q, alloc);
    }
    // Zone transfers belong to zone-sync (RFC 5936, RFC 1995); until it serves them, REFUSED.
    if (q.qtype == Type.AXFR || q.qtype == Type.IXFR) {
      return error(Rcode.REFUSED, query, q, alloc);
    }
    return switch (q.qclass) {
      case DClass.IN -> internet(q, query, transport, alloc);
      case DClass.CH -> chaos(q, query, transport, alloc);
      // Class ANY, HS, NONE and unassigned: we serve no such data; Knot answers REFUSED.
      default -> error(Rcode.REFUSED, query, q, alloc);
    };
  }

  private ByteBuf internet(DecodedQuery q, ByteBuf query, Transport transport, ByteBufAllocator alloc)
      throws WireParseException {
    byte[] nameBytes = qnameBytes(query, q);
    Name qname = new Name(new DNSInput(nameBytes));
    ZoneRegistry registry = zones.get();
    Zone zone = registry.find(qname, q.qtype);
    // RFC 1034 §4.3.2 step 2 leaves it to the server; authoritative-only servers refuse names in
    // no served zone (Knot, NSD). Not cached: it is as cheap to write as to look up.
    if (zone == null) {
      return error(Rcode.REFUSED, query, q, alloc);
    }
    byte[] clientNsid = clientNsid(q);
    int limit = sizeLimit(q, transport) - ResponseWriter.nsidLength(clientNsid);
    ResponseKey key = key(zone.generation(), lowerCase(nameBytes), q, transport, limit);
    CachedResponse cached = cache.get(key);
    if (cached == null) {
      stats.miss();
      // RFC 8482 §4.1: over UDP, ANY gets one RRset; over TCP, all of them. DO asks for the
      // NSEC/NSEC3 proofs (RFC 4035 §3.1.3); RRSIGs are added by the encoder.
      boolean dnssecOk = q.hasOpt && q.dnssecOk;
      Answer a = Lookup.resolve(registry, qname, q.qtype, transport == Transport.UDP, dnssecOk);
      if (a.isRefused()) {
        return error(Rcode.REFUSED, query, q, alloc);
      }
      Sections sections = new Sections(
          a.rcode(), a.authoritative(), a.answer(), a.authority(), a.additional(), a.kind() == Answer.Kind.REFERRAL);
      cached = encode(q, qname, sections, limit);
      // Only answers decided by this one snapshot may live under its generation.
      if (a.singleZone() && a.zone() == zone && cached.wire().length <= MAX_CACHED_BYTES) {
        cache.put(key, cached);
      }
    } else {
      stats.hit();
    }
    return send(cached, q, query, clientNsid, alloc);
  }

  private ByteBuf chaos(DecodedQuery q, ByteBuf query, Transport transport, ByteBufAllocator alloc)
      throws WireParseException {
    byte[] nameBytes = qnameBytes(query, q);
    Name qname = new Name(new DNSInput(nameBytes));
    Sections sections = chaos.answer(qname, q.qtype);
    if (sections == null) {
      return error(Rcode.REFUSED, query, q, alloc);
    }
    byte[] clientNsid = clientNsid(q);
    int limit = sizeLimit(q, transport) - ResponseWriter.nsidLength(clientNsid);
    ResponseKey key = key(NO_ZONE, lowerCase(nameBytes), q, transport, limit);
    CachedResponse cached = cache.get(key);
    if (cached == null) {
      stats.miss();
      cached = encode(q, qname, sections, limit);
      cache.put(key, cached);
    } else {
      stats.hit();
    }
    return send(cached, q, query, clientNsid, alloc);
  }

  private CachedResponse encode(DecodedQuery q, Name qname, Sections sections, int limit) {
    Record question = Record.newRecord(qname, q.qtype, q.qclass);
    return ResponseEncoder.encode(
        q.id, q.flags, question, sections, q.hasOpt ? ednsPayload : -1, q.hasOpt && q.dnssecOk, limit);
  }

  private ByteBuf send(CachedResponse cached, DecodedQuery q, ByteBuf query, byte[] clientNsid, ByteBufAllocator alloc) {
    stats.answered(cached.rcode());
    return ResponseWriter.writeCached(alloc, cached, query, q.qnameLength(), q.id, q.flags, clientNsid);
  }

  /**
   * A response without records. The question is echoed only when it was read completely, the OPT
   * whenever the query had one (RFC 6891 §7 requires it even when the OPT itself was at fault).
   */
  private ByteBuf error(int rcode, ByteBuf query, DecodedQuery q, ByteBufAllocator alloc) {
    stats.answered(rcode);
    int questionEnd = q != null && q.questionParsed ? q.questionEnd : -1;
    boolean opt = q != null && q.hasOpt;
    boolean dnssecOk = opt && q.optValid && q.dnssecOk;
    return ResponseWriter.writeError(
        alloc, rcode, query, questionEnd, opt ? ednsPayload : -1, dnssecOk, q == null ? null : clientNsid(q));
  }

  /** NSID for clients that asked for it in a valid OPT (RFC 5001 §2.1). */
  private byte[] clientNsid(DecodedQuery q) {
    return q.optValid && q.nsidRequested ? nsid : null;
  }

  /**
   * RFC 6891 §6.2.3–§6.2.5: with EDNS the client's payload (at least 512) capped by ours;
   * without, 512 (RFC 1035 §4.2.1). TCP is bounded only by its 16-bit length prefix.
   */
  private int sizeLimit(DecodedQuery q, Transport transport) {
    if (transport == Transport.TCP) {
      return TCP_LIMIT;
    }
    if (!q.hasOpt) {
      return CLASSIC_UDP_LIMIT;
    }
    return Math.min(Math.max(q.clientPayload, CLASSIC_UDP_LIMIT), ednsPayload);
  }

  private static ResponseKey key(long generation, byte[] lowerName, DecodedQuery q, Transport transport, int limit) {
    int flags = (q.hasOpt ? ResponseKey.FLAG_EDNS : 0)
        | (q.hasOpt && q.dnssecOk ? ResponseKey.FLAG_DO : 0)
        | (transport == Transport.TCP ? ResponseKey.FLAG_TCP : 0);
    return new ResponseKey(generation, lowerName, q.qtype, q.qclass, flags, limit);
  }

  private static byte[] qnameBytes(ByteBuf query, DecodedQuery q) {
    byte[] b = new byte[q.qnameLength()];
    query.getBytes(query.readerIndex() + HEADER_LENGTH, b);
    return b;
  }

  /**
   * ASCII lower case in place (RFC 4343 §3). Length octets are at most 63 and so never in 'A'..'Z'.
   */
  private static byte[] lowerCase(byte[] b) {
    for (int i = 0; i < b.length; i++) {
      byte c = b[i];
      if (c >= 'A' && c <= 'Z') {
        b[i] = (byte) (c + ('a' - 'A'));
      }
    }
    return b;
  }
}
