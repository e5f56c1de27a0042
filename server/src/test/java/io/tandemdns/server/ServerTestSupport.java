package io.tandemdns.server;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** Zone files and a plain-socket DNS client for the server tests (loopback only, timeouts set). */
public final class ServerTestSupport {
  public static final Name ORIGIN = Name.fromConstantString("t.test.");
  public static final int TIMEOUT_MS = 3000;

  private ServerTestSupport() {}

  public static InetAddress loopback4() {
    return addr(127, 0, 0, 1);
  }

  public static InetSocketAddress anyPort4() {
    return new InetSocketAddress(loopback4(), 0);
  }

  public static InetAddress addr(int... bytes) {
    byte[] b = new byte[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      b[i] = (byte) bytes[i];
    }
    try {
      return InetAddress.getByAddress(b);
    } catch (IOException e) {
      throw new IllegalArgumentException(e);
    }
  }

  /** A small valid zone t.test. whose www A is 192.0.2.{@code wwwLastOctet}. */
  public static String zoneText(long serial, int wwwLastOctet) {
    return "$ORIGIN t.test.\n$TTL 300\n"
        + "@ IN SOA ns1 hostmaster " + serial + " 3600 600 86400 60\n"
        + "@ IN NS ns1\n"
        + "ns1 IN A 192.0.2.1\n"
        + "www IN A 192.0.2." + wwwLastOctet + "\n";
  }

  public static Path writeZone(Path dir, String text) throws IOException {
    Path file = dir.resolve("t.test.zone");
    Files.writeString(file, text);
    return file;
  }

  public static byte[] query(String name, int type, int id) {
    Message m = Message.newQuery(Record.newRecord(Name.fromConstantString(name), type, org.xbill.DNS.DClass.IN));
    m.getHeader().setID(id);
    return m.toWire();
  }

  /** One UDP query, its parsed response (fails on timeout). */
  public static Message udp(InetSocketAddress server, String name, int type) throws IOException {
    try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(
        server.getAddress(), 0))) {
      socket.setSoTimeout(TIMEOUT_MS);
      byte[] q = query(name, type, 4242);
      socket.send(new DatagramPacket(q, q.length, server));
      byte[] buf = new byte[65535];
      DatagramPacket p = new DatagramPacket(buf, buf.length);
      socket.receive(p);
      return new Message(Arrays.copyOf(buf, p.getLength()));
    }
  }

  public static Socket tcpConnect(InetSocketAddress server) throws IOException {
    Socket s = new Socket();
    s.connect(server, TIMEOUT_MS);
    s.setSoTimeout(TIMEOUT_MS);
    return s;
  }

  public static void writeFrame(OutputStream out, byte[] message) throws IOException {
    byte[] framed = new byte[message.length + 2];
    framed[0] = (byte) (message.length >> 8);
    framed[1] = (byte) message.length;
    System.arraycopy(message, 0, framed, 2, message.length);
    out.write(framed);
    out.flush();
  }

  public static Message readFrame(InputStream in) throws IOException {
    DataInputStream data = new DataInputStream(in);
    int length = data.readUnsignedShort();
    byte[] body = new byte[length];
    data.readFully(body);
    return new Message(body);
  }

  /**
   * Whether the server closed the connection within {@code millis}: the read sees EOF or a reset.
   * False when it stays open that long.
   */
  public static boolean closedWithin(Socket socket, int millis) throws IOException {
    socket.setSoTimeout(millis);
    try {
      return socket.getInputStream().read() < 0;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (EOFException e) {
      return true;
    } catch (IOException e) {
      return true; // connection reset
    }
  }

  /** The first A record address in the answer section, or null. */
  public static String firstA(Message m) {
    for (Record r : m.getSection(Section.ANSWER)) {
      if (r.getType() == Type.A) {
        return r.rdataToString();
      }
    }
    return null;
  }
}
