package io.tandemdns.sync.files;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/**
 * Records in state files: each as a u16 length and its uncompressed DNS wire form (RFC 1035
 * §4.1.3), so any record type, known to dnsjava or not, round-trips exactly.
 */
public final class WireCodec {
  private WireCodec() {}

  public static void writeRecord(DataOutputStream out, Record r) throws IOException {
    byte[] wire = r.toWire(Section.ANSWER);
    out.writeShort(wire.length);
    out.write(wire);
  }

  public static Record readRecord(DataInputStream in) throws IOException {
    int len = in.readUnsignedShort();
    byte[] wire = new byte[len];
    in.readFully(wire);
    return Record.fromWire(wire, Section.ANSWER);
  }

  public static void writeRecords(DataOutputStream out, List<? extends Record> records)
      throws IOException {
    out.writeInt(records.size());
    for (Record r : records) {
      writeRecord(out, r);
    }
  }

  /** Reads a counted list, refusing counts the remaining bytes cannot hold (damaged files). */
  public static List<Record> readRecords(DataInputStream in, int remainingBytes) throws IOException {
    int n = in.readInt();
    if (n < 0 || (long) n * 2 > remainingBytes) {
      throw new EOFException("record count " + n + " exceeds the data left");
    }
    List<Record> list = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      list.add(readRecord(in));
    }
    return list;
  }

  public static byte[] bytes(IoWriter writer) throws IOException {
    ByteArrayOutputStream bos = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bos)) {
      writer.write(out);
    }
    return bos.toByteArray();
  }

  /** Writes into a stream; lets callers build byte arrays with checked IO in a lambda. */
  @FunctionalInterface
  public interface IoWriter {
    void write(DataOutputStream out) throws IOException;
  }
}
