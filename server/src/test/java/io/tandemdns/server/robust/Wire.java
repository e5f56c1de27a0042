package io.tandemdns.server.robust;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;

/** Small TCP framing helpers (RFC 1035 §4.2.2: two-octet length, then the message). */
final class Wire {
  private Wire() {}

  static byte[] frame(byte[] message) {
    byte[] out = new byte[message.length + 2];
    out[0] = (byte) (message.length >>> 8);
    out[1] = (byte) message.length;
    System.arraycopy(message, 0, out, 2, message.length);
    return out;
  }

  static void write(Socket s, byte[] bytes) throws IOException {
    OutputStream out = s.getOutputStream();
    out.write(bytes);
    out.flush();
  }

  /** What came back on a connection until the server closed it or went quiet. */
  record Received(List<byte[]> messages, boolean closedByServer) {}

  /**
   * Reads length-prefixed messages until EOF (server closed), a reset, or no byte for the
   * socket's timeout, or {@code max} messages.
   */
  static Received readAll(Socket s, int max) throws IOException {
    List<byte[]> out = new ArrayList<>();
    DataInputStream in = new DataInputStream(s.getInputStream());
    try {
      while (out.size() < max) {
        int len = in.readUnsignedShort();
        byte[] body = new byte[len];
        in.readFully(body);
        out.add(body);
      }
      return new Received(out, false);
    } catch (EOFException e) {
      return new Received(out, true);
    } catch (SocketTimeoutException e) {
      return new Received(out, false);
    } catch (IOException e) {
      // "Connection reset": the server closed with unread data pending, a legitimate close.
      return new Received(out, true);
    }
  }

  static int id(byte[] message) {
    return message.length < 2 ? -1 : (message[0] & 0xff) << 8 | (message[1] & 0xff);
  }
}
