package io.tandemdns.server.diff;

import java.util.Objects;
import java.util.function.UnaryOperator;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * One query of the differential suite: what to ask, how, and which difference from Knot (if
 * any) is accepted for it.
 *
 * @param rule the lookup rule the case exercises (first part of the readable name), or null
 * @param qname the question name exactly as sent (case preserved, RFC 1035 §7.1 echo is checked)
 * @param qtype the question type
 * @param qclass the question class
 * @param opcode the header opcode (QUERY unless the case tests opcodes)
 * @param tcp send over TCP (2-byte length framing, RFC 1035 §4.2.2) instead of UDP
 * @param edns the OPT record to send, or null for a query without EDNS
 * @param rd set RD in the query (must be copied into the response, RFC 1035 §4.1.1)
 * @param cd set CD in the query (to be copied, RFC 4035 §3)
 * @param wireWhat what {@code wire} does, for the readable name; null when wire is null
 * @param wire a last change to the encoded query (duplicate OPT, qdcount 0, ...), or null
 * @param tolerance the accepted difference; {@link Tolerance#STRICT} for almost every case
 */
public record QueryCase(
    String rule,
    String qname,
    int qtype,
    int qclass,
    int opcode,
    boolean tcp,
    Edns edns,
    boolean rd,
    boolean cd,
    String wireWhat,
    UnaryOperator<byte[]> wire,
    Tolerance tolerance) {

  /** EDNS(0) parameters of the query (RFC 6891 §6.1.3). */
  public record Edns(int payload, int version, boolean dnssecOk, int optionCode) {
    public static final Edns NONE = null;
    public static final Edns DEFAULT = new Edns(1232, 0, false, -1);
    public static final Edns LARGE_DO = new Edns(4096, 0, true, -1);

    public static Edns payload(int size) {
      return new Edns(size, 0, false, -1);
    }

    @Override
    public String toString() {
      return "edns" + (version != 0 ? "v" + version : "") + "/" + payload + (dnssecOk ? "+do" : "")
          + (optionCode >= 0 ? "+opt" + optionCode : "");
    }
  }

  public QueryCase {
    Objects.requireNonNull(qname);
    Objects.requireNonNull(tolerance);
  }

  public static QueryCase of(String qname, int qtype, boolean tcp, Edns edns) {
    return new QueryCase(
        null, qname, qtype, DClass.IN, Opcode.QUERY, tcp, edns, false, false, null, null, Tolerance.STRICT);
  }

  public Name name() {
    try {
      return Name.fromString(qname, Name.root);
    } catch (TextParseException e) {
      throw new IllegalArgumentException("bad qname in case table: " + qname, e);
    }
  }

  public QueryCase withTcp(boolean value) {
    return new QueryCase(rule, qname, qtype, qclass, opcode, value, edns, rd, cd, wireWhat, wire, tolerance);
  }

  public QueryCase withEdns(Edns value) {
    return new QueryCase(rule, qname, qtype, qclass, opcode, tcp, value, rd, cd, wireWhat, wire, tolerance);
  }

  QueryCase withClass(int value) {
    return new QueryCase(rule, qname, qtype, value, opcode, tcp, edns, rd, cd, wireWhat, wire, tolerance);
  }

  QueryCase withOpcode(int value) {
    return new QueryCase(rule, qname, qtype, qclass, value, tcp, edns, rd, cd, wireWhat, wire, tolerance);
  }

  QueryCase withRd() {
    return new QueryCase(rule, qname, qtype, qclass, opcode, tcp, edns, true, cd, wireWhat, wire, tolerance);
  }

  QueryCase withCd() {
    return new QueryCase(rule, qname, qtype, qclass, opcode, tcp, edns, rd, true, wireWhat, wire, tolerance);
  }

  QueryCase withWire(String what, UnaryOperator<byte[]> value) {
    return new QueryCase(rule, qname, qtype, qclass, opcode, tcp, edns, rd, cd, what, value, tolerance);
  }

  public QueryCase accepting(Tolerance value) {
    return new QueryCase(rule, qname, qtype, qclass, opcode, tcp, edns, rd, cd, wireWhat, wire, value);
  }

  /** Names the rule the case exercises. */
  public QueryCase about(String value) {
    return new QueryCase(value, qname, qtype, qclass, opcode, tcp, edns, rd, cd, wireWhat, wire, tolerance);
  }

  /** The readable, unique name: rule, question, transport, EDNS, header bits, tolerance. */
  public String label() {
    StringBuilder s = new StringBuilder();
    if (rule != null) {
      s.append(rule).append(": ");
    }
    s.append(qname).append(' ');
    if (qclass != DClass.IN) {
      s.append(DClass.string(qclass)).append(' ');
    }
    s.append(Type.string(qtype)).append(' ').append(tcp ? "tcp" : "udp").append(' ');
    s.append(edns == null ? "noedns" : edns.toString());
    if (opcode != Opcode.QUERY) {
      s.append(" opcode=").append(Opcode.string(opcode));
    }
    if (rd) {
      s.append(" +rd");
    }
    if (cd) {
      s.append(" +cd");
    }
    if (wireWhat != null) {
      s.append(" (").append(wireWhat).append(')');
    }
    if (tolerance != Tolerance.STRICT) {
      s.append(" [accepts: ").append(tolerance.name()).append(']');
    }
    return s.toString();
  }

  @Override
  public String toString() {
    return label();
  }
}
