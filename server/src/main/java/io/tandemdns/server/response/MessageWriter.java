package io.tandemdns.server.response;

import java.util.Arrays;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;

/**
 * One DNS message being written into a reusable buffer, with name compression (RFC 1035 §4.1.4).
 * Reset per message; one instance per thread (see {@link ResponseEncoder}).
 *
 * <p>Compression works on the bytes already written: every uncompressed label sequence is a
 * possible pointer target, recorded with its label count, and a name is matched suffix by suffix
 * (longest first) against the earliest target with the same labels, comparing ASCII
 * case-insensitively (RFC 4343 §3). That is the order dnsjava's {@code Compression} uses, so the
 * output is byte-for-byte what {@code Message.toWire} wrote before (EncoderEquivalenceTest), at a
 * fraction of the allocation: no {@code Name} per suffix, no hash table, no growing buffers.
 */
final class MessageWriter {
  /** Header flag bits (RFC 1035 §4.1.1; CD: RFC 4035 §3.2.2), shared by the package's writers. */
  static final int FLAG_QR = 0x8000;
  static final int FLAG_AA = 0x0400;
  static final int FLAG_TC = 0x0200;
  static final int FLAG_RD = 0x0100;
  static final int FLAG_CD = 0x0010;
  /** Where ANCOUNT sits in the header. */
  static final int ANCOUNT_AT = 6;

  /** RFC 1035 §4.1.4: a pointer holds a 14-bit offset. */
  private static final int MAX_POINTER = 0x3FFF;
  /** A message (65535, the TCP limit) plus one record of maximum size written past its limit. */
  private static final int CAPACITY = 65535 + 255 + 10 + 65535;

  private final byte[] buf = new byte[CAPACITY];
  private int pos;
  /** Pointer targets in the order written: offset of a label sequence, and its label count. */
  private int[] targets = new int[64];
  private int[] targetLabels = new int[64];
  private int targetCount;
  /**
   * From this many targets on, {@link #find} uses a hash index of them instead of a scan: an
   * answer has a handful of names, a 16 KiB transfer message hundreds, and scanning them for every
   * name made an AXFR quadratic per message.
   */
  private static final int INDEX_FROM = 16;
  /** Open addressing, slot → target number + 1 (0: empty); more slots than a message can have targets. */
  private int[] index;
  /** Targets 0 .. indexed-1 are in {@code index}. */
  private int indexed;
  /**
   * Targets before the name being written: their names are complete in the buffer, so they can
   * be hashed. (The current name's own targets cannot match its shorter suffixes anyway.)
   */
  private int completeTargets;
  /** The question's name and label count, for the common case of names at or above it. */
  private Name qname;
  private int qnameLabels;

  void reset() {
    pos = 0;
    targetCount = 0;
    completeTargets = 0;
    qname = null;
    clearIndex();
  }

  private void clearIndex() {
    if (indexed > 0) {
      Arrays.fill(index, 0);
      indexed = 0;
    }
  }

  int position() {
    return pos;
  }

  /** Moves back to {@code position} (truncation), forgetting pointer targets past it. */
  void rewind(int position) {
    pos = position;
    while (targetCount > 0 && targets[targetCount - 1] >= position) {
      targetCount--;
    }
    completeTargets = Math.min(completeTargets, targetCount);
    if (indexed > targetCount) {
      clearIndex(); // rebuilt on the next find
    }
  }

  byte[] toByteArray() {
    return Arrays.copyOf(buf, pos);
  }

  void writeU8(int v) {
    buf[pos++] = (byte) v;
  }

  void writeU16(int v) {
    buf[pos++] = (byte) (v >>> 8);
    buf[pos++] = (byte) v;
  }

  void writeU32(long v) {
    buf[pos++] = (byte) (v >>> 24);
    buf[pos++] = (byte) (v >>> 16);
    buf[pos++] = (byte) (v >>> 8);
    buf[pos++] = (byte) v;
  }

  void setU16(int at, int v) {
    buf[at] = (byte) (v >>> 8);
    buf[at + 1] = (byte) v;
  }

  int getU16(int at) {
    return (buf[at] & 0xFF) << 8 | (buf[at + 1] & 0xFF);
  }

  private void writeBytes(byte[] b, int off, int len) {
    System.arraycopy(b, off, buf, pos, len);
    pos += len;
  }

  /** A header (RFC 1035 §4.1.1) with {@code qdcount} questions and the other counts 0, to set later. */
  void writeHeader(int id, int flags, int qdcount) {
    writeU16(id);
    writeU16(flags);
    writeU16(qdcount);
    writeU32(0); // ANCOUNT, NSCOUNT
    writeU16(0); // ARCOUNT
  }

  /** The question (RFC 1035 §4.1.2); its name becomes the first compression target. */
  void writeQuestion(Name name, int qtype, int qclass) {
    writeName(name);
    this.qname = name;
    this.qnameLabels = name.labels() - 1;
    writeU16(qtype);
    writeU16(qclass);
  }

  /** A resource record (RFC 1035 §4.1.3) as it is stored, owner and RDATA names compressed. */
  void writeRecord(Record r) {
    writeName(r.getName());
    writeU16(r.getType());
    writeU16(r.getDClass());
    writeU32(r.getTTL());
    int lengthAt = pos;
    pos += 2;
    writeRdata(r);
    setU16(lengthAt, pos - lengthAt - 2);
  }

  /**
   * RFC 3597 §4: names in RDATA may be compressed only in the RFC 1035 types; of those we compress
   * NS, CNAME, PTR, MX and SOA, the rest is written uncompressed as stored (letter case kept).
   */
  private void writeRdata(Record r) {
    if (r instanceof TXTRecord txt) {
      // RFC 1035 §3.3.14: character-strings, each with its length octet.
      for (byte[] s : txt.getStringsAsByteArrays()) {
        writeU8(s.length);
        writeBytes(s, 0, s.length);
      }
    } else if (r instanceof ARecord || r instanceof AAAARecord) {
      // No names inside, so the canonical form (RFC 4034 §6.2) is the stored form.
      byte[] rdata = r.rdataToWireCanonical();
      writeBytes(rdata, 0, rdata.length);
    } else if (r instanceof NSRecord ns) {
      writeName(ns.getTarget());
    } else if (r instanceof CNAMERecord cname) {
      writeName(cname.getTarget());
    } else if (r instanceof PTRRecord ptr) {
      writeName(ptr.getTarget());
    } else if (r instanceof MXRecord mx) {
      writeU16(mx.getPriority());
      writeName(mx.getTarget());
    } else if (r instanceof SOARecord soa) {
      writeName(soa.getHost());
      writeName(soa.getAdmin());
      writeU32(soa.getSerial());
      writeU32(soa.getRefresh());
      writeU32(soa.getRetry());
      writeU32(soa.getExpire());
      writeU32(soa.getMinimum());
    } else {
      // Everything else: dnsjava's uncompressed form, RDATA after owner + type/class/TTL/length.
      byte[] whole = r.toWire(Section.ANSWER);
      int start = r.getName().length() + 10;
      writeBytes(whole, start, whole.length - start);
    }
  }

  /** Writes an absolute name, compressed to the longest suffix already in the message. */
  void writeName(Name name) {
    int labels = name.labels() - 1; // without the root
    if (labels == 0) {
      writeU8(0);
      return;
    }
    // The qname and its ancestors (owners, the apex in SOA/NS): their first target is in the
    // question, which was written first, so no bytes need to be looked at.
    if (qname != null && labels <= qnameLabels && qname.subdomain(name)) {
      writeU16(0xC000 | targets[qnameLabels - labels]);
      return;
    }
    byte[] b = NameWire.of(name);
    completeTargets = targetCount;
    int off = 0;
    for (int left = labels; left > 0; left--) {
      int target = find(b, off, left);
      if (target >= 0) {
        writeU16(0xC000 | target);
        return;
      }
      if (pos <= MAX_POINTER) {
        addTarget(pos, left);
      }
      int len = (b[off] & 0xFF) + 1;
      writeBytes(b, off, len);
      off += len;
    }
    writeU8(0);
  }

  private void addTarget(int offset, int labels) {
    if (targetCount == targets.length) {
      targets = Arrays.copyOf(targets, targetCount * 2);
      targetLabels = Arrays.copyOf(targetLabels, targetCount * 2);
    }
    targets[targetCount] = offset;
    targetLabels[targetCount] = labels;
    targetCount++;
  }

  /** The earliest target spelling the uncompressed name {@code b[off..]} of {@code labels} labels. */
  private int find(byte[] b, int off, int labels) {
    if (targetCount < INDEX_FROM) {
      for (int i = 0; i < targetCount; i++) {
        if (targetLabels[i] == labels && sameName(targets[i], b, off)) {
          return targets[i];
        }
      }
      return -1;
    }
    indexTargets();
    int mask = index.length - 1;
    int earliest = Integer.MAX_VALUE;
    for (int slot = hash(b, off) & mask; index[slot] != 0; slot = (slot + 1) & mask) {
      int i = index[slot] - 1;
      if (i < earliest && targetLabels[i] == labels && sameName(targets[i], b, off)) {
        earliest = i;
      }
    }
    return earliest == Integer.MAX_VALUE ? -1 : targets[earliest];
  }

  /** Adds the complete targets written since the last find to the index. */
  private void indexTargets() {
    if (index == null) {
      // Targets lie below MAX_POINTER and take at least 2 bytes each: at most 8192 of them.
      index = new int[Integer.highestOneBit(MAX_POINTER) * 2];
    }
    int mask = index.length - 1;
    for (; indexed < completeTargets; indexed++) {
      int slot = hash(buf, targets[indexed]) & mask;
      while (index[slot] != 0) {
        slot = (slot + 1) & mask;
      }
      index[slot] = indexed + 1;
    }
  }

  /**
   * The hash of the name at {@code bytes[at..]}: its label bytes, lower-cased, pointers followed
   * (an uncompressed name from {@link NameWire} has none: label lengths are at most 63).
   */
  private static int hash(byte[] bytes, int at) {
    int h = 0;
    int p = at;
    while (true) {
      p = label(bytes, p);
      int len = bytes[p] & 0xFF;
      h = h * 31 + len;
      if (len == 0) {
        return spread(h);
      }
      for (int k = 1; k <= len; k++) {
        h = h * 31 + lower(bytes[p + k]);
      }
      p += len + 1;
    }
  }

  /** The position of the label at {@code p}, compression pointers followed (RFC 1035 §4.1.4). */
  private static int label(byte[] bytes, int p) {
    while ((bytes[p] & 0xC0) == 0xC0) {
      p = (bytes[p] & 0x3F) << 8 | (bytes[p + 1] & 0xFF);
    }
    return p;
  }

  private static int spread(int h) {
    h *= 0x9E3779B9;
    return h ^ (h >>> 16);
  }

  /** Compares the name at {@code at} in the message (pointers followed) with {@code b[off..]}. */
  private boolean sameName(int at, byte[] b, int off) {
    int p = at;
    while (true) {
      p = label(buf, p);
      int len = buf[p] & 0xFF;
      if (len != (b[off] & 0xFF)) {
        return false;
      }
      if (len == 0) {
        return true;
      }
      for (int k = 1; k <= len; k++) {
        if (lower(buf[p + k]) != lower(b[off + k])) {
          return false;
        }
      }
      p += len + 1;
      off += len + 1;
    }
  }

  private static int lower(byte c) {
    return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
  }
}
