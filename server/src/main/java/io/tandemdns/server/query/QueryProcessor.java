package io.tandemdns.server.query;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.tandemdns.lookup.Answer;
import io.tandemdns.lookup.Lookup;
import io.tandemdns.server.cookie.ServerCookies;
import io.tandemdns.server.query.DecodedQuery.Problem;
import io.tandemdns.server.response.CachedResponse;
import io.tandemdns.server.response.ResponseCache;
import io.tandemdns.server.response.ResponseEncoder;
import io.tandemdns.server.response.ResponseEncoder.Sections;
import io.tandemdns.server.response.ResponseKey;
import io.tandemdns.server.response.ResponseWriter;
import io.tandemdns.server.rrl.Decision;
import io.tandemdns.server.rrl.RateLimiter;
import io.tandemdns.server.rrl.RateTags;
import io.tandemdns.server.rrl.ResponseClass;
import io.tandemdns.server.rrl.RrlSettings;
import io.tandemdns.server.rrl.RrlStats;
import io.tandemdns.server.sync.SyncHooks;
import io.tandemdns.zone.Zone;
import io.tandemdns.zone.ZoneRegistry;
import java.net.InetSocketAddress;
import java.util.function.Supplier;
import org.xbill.DNS.DClass;
import org.xbill.DNS.DNSInput;
import org.xbill.DNS.Name;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
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
  /** Zone sync (NOTIFY, AXFR/IXFR), or null when no zone takes part in transfers. */
  private volatile SyncHooks sync;
  /** Sampled query log (issue 6), or null when off. */
  private volatile QueryLogHook queryLog;
  /** TCP connection counts of the listeners serving this processor (issue 6 metrics), or null. */
  private volatile io.tandemdns.server.metrics.ConnectionCounters tcpConnections;
  /**
   * Response rate limiting (issue 4), or null when off: then its whole cost is one null check.
   * Replaced whole when a config reload changes the {@code rrl:} settings (issue 6).
   */
  private volatile RateLimiter rrl;
  /** RRL counters, kept across limiter replacements so the metrics never go backwards. */
  private final RrlStats rrlStats = new RrlStats();
  /** DNS Cookies (RFC 7873, RFC 9018; issue 4), or null when disabled. */
  private final ServerCookies cookies;

  public QueryProcessor(Supplier<ZoneRegistry> zones, QuerySettings settings) {
    this.zones = zones;
    this.settings = settings;
    this.ednsPayload = settings.ednsPayload();
    this.nsid = settings.nsid();
    this.chaos = new ChaosAnswers(settings.version(), settings.identity());
    this.cache = new ResponseCache(settings.cacheMaxEntries());
    this.rrl = settings.rrl() == null ? null : new RateLimiter(settings.rrl(), rrlStats);
    this.cookies = settings.cookies().enabled() ? new ServerCookies(settings.cookies()) : null;
  }

  /** The response rate limiter, or null when RRL is off. */
  public RateLimiter rateLimiter() {
    return rrl;
  }

  /** RRL counters (limited, slipped, dropped), zero while RRL has never been on. */
  public RrlStats rrlStats() {
    return rrlStats;
  }

  /**
   * Applies new {@code rrl:} settings from a config reload: a fresh limiter (buckets start full),
   * or none when {@code settings} is null. Queries in flight finish with the limiter they read.
   */
  public void applyRateLimit(RrlSettings settings) {
    boolean wasOff = rrl == null;
    this.rrl = settings == null ? null : new RateLimiter(settings, rrlStats);
    if (wasOff && settings != null) {
      // Answers cached while RRL was off carry no rate bucket (tagging costs nothing when off);
      // drop them so every answer from now on is limited.
      cache.clear();
    }
  }

  /** Server cookies (secret rotation), or null when disabled. */
  public ServerCookies cookies() {
    return cookies;
  }

  public QuerySettings settings() {
    return settings;
  }

  public QueryStats stats() {
    return stats;
  }

  /** Logs sampled queries from now on (issue 6); null stops it. */
  public void attachQueryLog(QueryLogHook hook) {
    this.queryLog = hook;
  }

  /** Metrics (by transport and qtype, size and time histograms) and the optional query log. */
  private void observe(DecodedQuery q, ByteBuf query, InetSocketAddress client, Transport transport, ByteBuf sent,
      long startNanos) {
    if (sent == null) {
      return;
    }
    long nanos = System.nanoTime() - startNanos;
    stats.observe(transport, q.qtype, sent.readableBytes(), nanos);
    QueryLogHook log = queryLog;
    if (log != null) {
      log.answered(query, client, transport, sent, nanos);
    }
  }

  /** Where the TCP listeners count connections (attached when they bind; read by metrics). */
  public void attachTcpConnections(io.tandemdns.server.metrics.ConnectionCounters counters) {
    this.tcpConnections = counters;
  }

  /** The TCP connection counts, or null before any TCP listener exists. */
  public io.tandemdns.server.metrics.ConnectionCounters tcpConnections() {
    return tcpConnections;
  }

  /** Hands NOTIFY and AXFR/IXFR to zone sync from now on (issue 3). */
  public void attachSync(SyncHooks hooks) {
    this.sync = hooks;
  }

  /** The zone-sync hooks, or null. */
  public SyncHooks sync() {
    return sync;
  }

  /** Entries in the response cache (approximate). */
  public long cacheSize() {
    return cache.size();
  }

  /** Response-cache entries evicted so far. */
  public long cacheEvictions() {
    return cache.evictions();
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
    long startNanos = System.nanoTime();
    DecodedQuery q = null;
    try {
      q = QueryDecoder.decode(query);
      ByteBuf response = answer(q, query, client, transport, alloc);
      // RRL once the answer is known (issue 4); TCP responses are never limited (BIND, Knot).
      RateLimiter limiter = rrl;
      ByteBuf sent = limiter == null || transport != Transport.UDP ? response
          : rateLimit(limiter, response, q, query, client, alloc);
      observe(q, query, client, transport, sent, startNanos);
      return sent;
    } catch (RuntimeException | WireParseException e) {
      // A bug or an unexpected input must not take the listener down: SERVFAIL, no question
      // echoed unless it was read cleanly (RFC 1035 §4.1.1 rcode 2).
      boolean clean = q != null && q.problem == Problem.NONE;
      return error(Rcode.SERVFAIL, query, clean ? q : null, alloc);
    }
  }

  private ByteBuf answer(DecodedQuery q, ByteBuf query, InetSocketAddress client, Transport transport,
      ByteBufAllocator alloc) throws WireParseException {
    SyncHooks hooks = sync;
    // RFC 1996: NOTIFY goes to zone sync, which checks the sender and answers with opcode NOTIFY.
    if (q.opcode() == Opcode.NOTIFY && hooks != null && q.problem == Problem.NONE) {
      return hooks.notify(query, client, alloc);
    }
    // Opcode first, as NSD does: a message we do not implement is NOTIMP whatever its body
    // (RFC 1035 §4.1.1 rcode 4). NOTIFY (RFC 1996) will be dispatched here by zone-sync.
    if (q.opcode() != Opcode.QUERY) {
      return error(Rcode.NOTIMP, query, q, alloc);
    }
    // RFC 7873 §5.4: a QUERY with no question and only a well-formed COOKIE asks for a server
    // cookie: NOERROR, no question, the cookie in OPT (anything else without a question: FORMERR).
    if (q.problem == Problem.QDCOUNT && q.qdcount == 0 && cookieOnly(q)) {
      ServerCookies.Verdict v =
          cookies.process(query, query.readerIndex() + q.cookieOffset, q.cookieLength, client.getAddress());
      q.responseCookie = v.responseCookie();
      q.serverCookieValid = v.valid();
      return error(Rcode.NOERROR, query, q, alloc);
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
    // DNS Cookies (RFC 7873 §5.2): a malformed COOKIE option is FORMERR (§5.2.2); otherwise the
    // query is answered normally with a server cookie (§5.2.3–§5.2.5). We never send BADCOOKIE
    // for queries: §5.2.3 leaves discard/BADCOOKIE/answer to policy, and under RRL the slipped TC=1
    // response carries the new cookie instead, which earns the client its exemption.
    if (cookies != null && q.cookieOffset >= 0 && q.optValid) {
      if (!ServerCookies.wellFormed(q.cookieLength)) {
        return error(Rcode.FORMERR, query, q, alloc);
      }
      ServerCookies.Verdict v =
          cookies.process(query, query.readerIndex() + q.cookieOffset, q.cookieLength, client.getAddress());
      q.responseCookie = v.responseCookie();
      q.serverCookieValid = v.valid();
    }
    // Zone transfers belong to zone-sync (RFC 5936, RFC 1995); until it serves them, REFUSED.
    if (q.qtype == Type.AXFR || q.qtype == Type.IXFR) {
      if (hooks != null) {
        return hooks.singleMessageTransfer(query, client, transport, sizeLimit(q, transport), alloc);
      }
      return error(Rcode.REFUSED, query, q, alloc);
    }
    // RFC 8945: a signed query (secondaries sign their SOA checks) gets a signed answer; zone
    // sync verifies the TSIG and signs the answer of the query without it.
    if (q.tsigOffset >= 0 && hooks != null) {
      return hooks.signedQuery(query, q.tsigOffset, client, transport, alloc,
          unsigned -> process(unsigned, client, transport, alloc));
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
    ZoneRegistry registry = zones.get();
    byte[] clientNsid = clientNsid(q);
    int limit = sizeLimit(q, transport) - ResponseWriter.nsidLength(clientNsid)
        - ResponseWriter.cookieLength(q.responseCookie);
    // Cache first, straight from the query bytes, before any dnsjava Name or zone search (issue 5).
    // The key's registry generation names every zone snapshot (and unavailable zone) the answer
    // could depend on, so a new zone version can never be answered from an old entry.
    // Not every query asks: while this thread's lookups rarely hit, most skip the cache (CacheGate).
    byte[] lowerName = cache.consult() ? lowerCase(qnameBytes(query, q)) : null;
    ResponseKey key = lowerName == null ? null : key(registry.generation(), lowerName, q, transport, limit);
    CachedResponse cached = key == null ? null : cache.get(key);
    if (cached != null) {
      cache.hit();
      stats.hit();
      return send(cached, q, query, clientNsid, alloc);
    }
    // The lower-cased copy serves for the Name too: names compare case-insensitively (RFC 4343),
    // and the question (with any owner compressed to it) is patched to the query's case on send.
    byte[] nameBytes = lowerName != null ? lowerName : qnameBytes(query, q);
    Name qname = new Name(new DNSInput(nameBytes));
    Zone zone = registry.find(qname, q.qtype);
    // A configured zone without data (secondary not yet transferred or expired): SERVFAIL,
    // so resolvers try another server instead of caching a refusal.
    if (registry.isUnavailable(qname, zone)) {
      return error(Rcode.SERVFAIL, query, q, alloc);
    }
    // RFC 1034 §4.3.2 step 2 leaves it to the server; authoritative-only servers refuse names in
    // no served zone (Knot, NSD). Not cached: it is as cheap to write as to look up.
    if (zone == null) {
      return error(Rcode.REFUSED, query, q, alloc);
    }
    stats.miss();
    // RFC 8482 §4.1: over UDP, ANY gets one RRset; over TCP, all of them. DO asks for the
    // NSEC/NSEC3 proofs (RFC 4035 §3.1.3); RRSIGs are added by the encoder.
    boolean dnssecOk = q.hasOpt && q.dnssecOk;
    Answer a = Lookup.resolve(registry, zone, qname, q.qtype, transport == Transport.UDP, dnssecOk);
    if (a.isRefused()) {
      return error(Rcode.REFUSED, query, q, alloc);
    }
    Sections sections = new Sections(
        a.rcode(), a.authoritative(), a.answer(), a.authority(), a.additional(), a.kind() == Answer.Kind.REFERRAL);
    cached = encode(q, qname, sections, limit);
    if (rrl != null) {
      ResponseClass cls = RateTags.classOf(a);
      cached = cached.withRate(cls.ordinal(),
          RateTags.nameOf(a, cls, zone, qname, lowerName != null ? lowerName : lowerCase(nameBytes.clone())));
    }
    if (key != null && cached.wire().length <= MAX_CACHED_BYTES) {
      cache.put(key, cached);
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
    int limit = sizeLimit(q, transport) - ResponseWriter.nsidLength(clientNsid)
        - ResponseWriter.cookieLength(q.responseCookie);
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
    return ResponseEncoder.encode(q.id, q.flags, qname, q.qtype, q.qclass, sections, q.hasOpt ? ednsPayload : -1,
        q.hasOpt && q.dnssecOk, limit);
  }

  private ByteBuf send(CachedResponse cached, DecodedQuery q, ByteBuf query, byte[] clientNsid, ByteBufAllocator alloc) {
    stats.answered(cached.rcode());
    q.rateClass = cached.rateClass() >= 0 ? cached.rateClass() : ResponseClass.ANSWER.ordinal();
    q.rateName = cached.rateName();
    return ResponseWriter.writeCached(
        alloc, cached, query, q.qnameLength(), q.id, q.flags, clientNsid, q.responseCookie);
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
    if (q != null) {
      q.rateClass = ResponseClass.ERROR.ordinal(); // RRL: one error bucket per prefix (BIND)
    }
    return ResponseWriter.writeError(alloc, rcode, query, questionEnd, opt ? ednsPayload : -1, dnssecOk,
        q == null ? null : clientNsid(q), q == null ? null : q.responseCookie);
  }

  /**
   * RRL (issue 4): account the UDP response in its bucket and send it, an empty TC=1 response in its
   * place (slip), or nothing. A valid server cookie proves the client's address is not forged, so
   * such queries are exempt (as in Knot); responses no bucket was chosen for (zone-sync) pass.
   */
  private ByteBuf rateLimit(RateLimiter rrl, ByteBuf response, DecodedQuery q, ByteBuf query,
      InetSocketAddress client, ByteBufAllocator alloc) {
    if (response == null || q.serverCookieValid || q.rateClass < 0) {
      return response;
    }
    Decision d = rrl.check(client.getAddress(), ResponseClass.of(q.rateClass), q.rateName);
    if (d == Decision.SEND) {
      return response;
    }
    int rcode = response.getUnsignedShort(response.readerIndex() + 2) & 0xF;
    response.release();
    if (d == Decision.DROP) {
      return null;
    }
    // The slip: header, question, OPT (with the client's new cookie), TC=1 so a real resolver
    // retries over TCP, where it is never limited.
    boolean opt = q.hasOpt;
    ByteBuf slip = ResponseWriter.writeError(alloc, rcode, query, q.questionParsed ? q.questionEnd : -1,
        opt ? ednsPayload : -1, opt && q.optValid && q.dnssecOk, null, q.responseCookie);
    slip.setByte(slip.readerIndex() + 2, slip.getByte(slip.readerIndex() + 2) | 0x02);
    return slip;
  }

  /** A version-0 OPT with a well-formed COOKIE as the only record (RFC 7873 §5.4), cookies on. */
  private boolean cookieOnly(DecodedQuery q) {
    return cookies != null && q.optValid && q.ednsVersion == 0 && q.cookieOffset >= 0
        && ServerCookies.wellFormed(q.cookieLength) && q.ancount == 0 && q.nscount == 0 && q.arcount == 1;
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
