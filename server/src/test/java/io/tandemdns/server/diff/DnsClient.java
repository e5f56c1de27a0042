package io.tandemdns.server.diff;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.GenericEDNSOption;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/**
 * Raw-socket DNS client of the differential suite: encodes a {@link QueryCase} with dnsjava and
 * sends exactly those bytes over UDP, or over TCP with the 2-byte length prefix (RFC 1035
 * §4.2.2). No resolver logic, no retries over TCP on TC: the suite compares what comes back.
 */
public final class DnsClient {
  private static final int UDP_TIMEOUT_MS = 1500;
  private static final int TCP_TIMEOUT_MS = 3000;

  private DnsClient() {}

  /** The wire form of the case's query with the given message ID. */
  public static byte[] encode(QueryCase q, int id) {
    Message m = new Message(id);
    m.getHeader().setOpcode(q.opcode());
    if (q.rd()) {
      m.getHeader().setFlag(Flags.RD);
    }
    if (q.cd()) {
      m.getHeader().setFlag(Flags.CD);
    }
    m.addRecord(Record.newRecord(q.name(), q.qtype(), q.qclass()), Section.QUESTION);
    QueryCase.Edns e = q.edns();
    if (e != null) {
      EDNSOption[] options = e.optionCode() >= 0
          ? new EDNSOption[] {new GenericEDNSOption(e.optionCode(), new byte[] {1, 2, 3})}
          : new EDNSOption[0];
      m.addRecord(
          new OPTRecord(e.payload(), 0, e.version(), e.dnssecOk() ? ExtendedFlags.DO : 0, options),
          Section.ADDITIONAL);
    }
    byte[] wire = m.toWire();
    return q.wire() == null ? wire : q.wire().apply(wire);
  }

  /** Sends one query; returns the response bytes, or null if none came in time. */
  public static byte[] exchange(InetSocketAddress server, byte[] query, boolean tcp) throws IOException {
    return tcp ? tcp(server, query) : udp(server, query);
  }

  static byte[] udp(InetSocketAddress server, byte[] query) throws IOException {
    try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(server.getAddress(), 0))) {
      s.setSoTimeout(UDP_TIMEOUT_MS);
      s.connect(server);
      byte[] buf = new byte[65535];
      // Loopback does not lose datagrams in practice; one resend covers a server still warming up.
      for (int attempt = 0; attempt < 2; attempt++) {
        s.send(new DatagramPacket(query, query.length));
        long deadline = System.nanoTime() + UDP_TIMEOUT_MS * 1_000_000L;
        while (System.nanoTime() < deadline) {
          DatagramPacket p = new DatagramPacket(buf, buf.length);
          try {
            s.receive(p);
          } catch (SocketTimeoutException e) {
            break;
          }
          byte[] got = Arrays.copyOf(p.getData(), p.getLength());
          if (query.length < 2 || got.length < 2 || (got[0] == query[0] && got[1] == query[1])) {
            return got;
          }
          // A late answer to an earlier attempt with another ID: keep waiting for ours.
        }
      }
      return null;
    }
  }

  static byte[] tcp(InetSocketAddress server, byte[] query) throws IOException {
    try (Socket s = new Socket()) {
      s.connect(server, TCP_TIMEOUT_MS);
      s.setSoTimeout(TCP_TIMEOUT_MS);
      s.setTcpNoDelay(true);
      OutputStream out = s.getOutputStream();
      byte[] framed = new byte[query.length + 2];
      framed[0] = (byte) (query.length >>> 8);
      framed[1] = (byte) query.length;
      System.arraycopy(query, 0, framed, 2, query.length);
      out.write(framed);
      out.flush();
      DataInputStream in = new DataInputStream(s.getInputStream());
      try {
        int len = in.readUnsignedShort();
        byte[] body = new byte[len];
        in.readFully(body);
        return body;
      } catch (EOFException | SocketTimeoutException e) {
        return null; // closed or silent: the server chose not to answer
      }
    }
  }

  /** A short query used to probe whether a server is up. */
  static byte[] soaProbe(String zone, int id) {
    return encode(QueryCase.of(zone, org.xbill.DNS.Type.SOA, false, null), id);
  }
}
