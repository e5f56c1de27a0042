package io.tandemdns.server.response;

import java.util.Arrays;

/**
 * The data that decides the bytes of a cached response (ARCHITECTURE.md, query path): registry
 * snapshot (which names every zone snapshot), lower-cased qname, qtype, qclass, DO, EDNS presence, transport and the size limit
 * the response was encoded for. Hash computed once; equality compares the name bytes last.
 */
public final class ResponseKey {
  public static final int FLAG_EDNS = 1;
  public static final int FLAG_DO = 2;
  public static final int FLAG_TCP = 4;

  private final long generation;
  private final byte[] lowerName;
  private final int qtype;
  private final int qclass;
  private final int flags;
  private final int sizeLimit;
  private final int hash;

  /**
   * @param generation the zone registry's generation ({@code ZoneRegistry.generation()}, never 0),
   *     or 0 for answers from no zone (CHAOS)
   * @param lowerName the qname in uncompressed wire form, ASCII lower-cased (RFC 4343); owned
   *     by the key from now on
   */
  public ResponseKey(long generation, byte[] lowerName, int qtype, int qclass, int flags, int sizeLimit) {
    this.generation = generation;
    this.lowerName = lowerName;
    this.qtype = qtype;
    this.qclass = qclass;
    this.flags = flags;
    this.sizeLimit = sizeLimit;
    int h = Long.hashCode(generation);
    h = 31 * h + Arrays.hashCode(lowerName);
    h = 31 * h + qtype;
    h = 31 * h + qclass;
    h = 31 * h + flags;
    h = 31 * h + sizeLimit;
    this.hash = h;
  }

  @Override
  public int hashCode() {
    return hash;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ResponseKey k
        && hash == k.hash
        && generation == k.generation
        && qtype == k.qtype
        && qclass == k.qclass
        && flags == k.flags
        && sizeLimit == k.sizeLimit
        && Arrays.equals(lowerName, k.lowerName);
  }

  @Override
  public String toString() {
    return "ResponseKey[gen=" + generation + " type=" + qtype + " class=" + qclass + " flags=" + flags
        + " limit=" + sizeLimit + "]";
  }
}
