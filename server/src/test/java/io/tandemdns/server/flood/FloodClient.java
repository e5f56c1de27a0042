package io.tandemdns.server.flood;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.Optional;
import org.xbill.DNS.CookieOption;
import org.xbill.DNS.DClass;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/** Query building and cookie extraction shared by the flood tests and the flood benchmark. */
final class FloodClient {
  private FloodClient() {}

  /** A query with EDNS (1232) and, if given, a COOKIE option with these bytes (client [+ server]). */
  static byte[] query(String name, int type, int id, byte[] cookie) {
    Message m = Message.newQuery(Record.newRecord(Name.fromConstantString(name), type, DClass.IN));
    m.getHeader().setID(id);
    m.getHeader().unsetFlag(Flags.RD);
    List<EDNSOption> options = cookie == null ? List.of()
        : List.of(cookie.length == 8 ? new CookieOption(cookie)
            : new CookieOption(java.util.Arrays.copyOf(cookie, 8), java.util.Arrays.copyOfRange(cookie, 8, cookie.length)));
    m.addRecord(new OPTRecord(1232, 0, 0, 0, options), Section.ADDITIONAL);
    return m.toWire();
  }

  /** The COOKIE option data of a response (client cookie + server cookie), if any. */
  static Optional<byte[]> cookie(Message response) {
    OPTRecord opt = response.getOPT();
    if (opt == null) {
      return Optional.empty();
    }
    for (EDNSOption o : opt.getOptions(EDNSOption.Code.COOKIE)) {
      CookieOption c = (CookieOption) o;
      byte[] client = c.getClientCookie();
      byte[] server = c.getServerCookie().orElse(new byte[0]);
      byte[] all = java.util.Arrays.copyOf(client, client.length + server.length);
      System.arraycopy(server, 0, all, client.length, server.length);
      return Optional.of(all);
    }
    return Optional.empty();
  }

  /** One UDP exchange from {@code socket}; empty on timeout. */
  static Optional<Message> exchange(DatagramSocket socket, InetSocketAddress server, byte[] query) throws IOException {
    socket.send(new DatagramPacket(query, query.length, server));
    byte[] buf = new byte[4096];
    DatagramPacket p = new DatagramPacket(buf, buf.length);
    try {
      socket.receive(p);
    } catch (SocketTimeoutException e) {
      return Optional.empty();
    }
    return Optional.of(new Message(java.util.Arrays.copyOf(buf, p.getLength())));
  }
}
