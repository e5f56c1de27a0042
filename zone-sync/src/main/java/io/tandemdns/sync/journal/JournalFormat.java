package io.tandemdns.sync.journal;

import io.tandemdns.sync.files.WireCodec;
import io.tandemdns.zone.diff.Serial;
import io.tandemdns.zone.diff.ZoneDiff;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;

/**
 * The journal file: a header (magic, version, zone origin, CRC) and entries, each a length, a
 * CRC-32C of its payload and the payload (old SOA, new SOA, removed records, added records in
 * uncompressed wire form). Every entry is checked on load, so a flipped bit or a truncated
 * write is detected instead of served.
 */
final class JournalFormat {
  static final byte[] MAGIC = "TDNSJRNL".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  static final int VERSION = 1;

  /** One decoded entry and its size on disk (for the byte bound). */
  record Entry(ZoneDiff diff, int size) {}

  /** Thrown for any damage; the message says what and where. */
  static final class DamagedException extends Exception {
    private static final long serialVersionUID = 1L;

    DamagedException(String message) {
      super(message);
    }
  }

  private JournalFormat() {}

  static byte[] encodeEntry(ZoneDiff diff) throws IOException {
    byte[] payload = WireCodec.bytes(out -> {
      WireCodec.writeRecord(out, diff.oldSoa());
      WireCodec.writeRecord(out, diff.newSoa());
      WireCodec.writeRecords(out, diff.removed());
      WireCodec.writeRecords(out, diff.added());
    });
    ByteBuffer buf = ByteBuffer.allocate(8 + payload.length);
    buf.putInt(payload.length).putInt(crc(payload, 0, payload.length)).put(payload);
    return buf.array();
  }

  static byte[] encode(Name origin, List<byte[]> encodedEntries) throws IOException {
    ByteArrayOutputStream bos = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bos);
    byte[] header = header(origin);
    out.write(header);
    out.writeInt(crc(header, 0, header.length));
    for (byte[] e : encodedEntries) {
      out.write(e);
    }
    out.flush();
    return bos.toByteArray();
  }

  private static byte[] header(Name origin) throws IOException {
    return WireCodec.bytes(out -> {
      out.write(MAGIC);
      out.writeShort(VERSION);
      byte[] name = origin.toWireCanonical();
      out.writeShort(name.length);
      out.write(name);
    });
  }

  /** Decodes and verifies a whole file: checksums, origin, serial continuity (RFC 1995 chains). */
  static List<Entry> decode(Name origin, byte[] file) throws DamagedException {
    byte[] header;
    try {
      header = header(origin);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    if (file.length < header.length + 4
        || !Arrays.equals(file, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
      throw new DamagedException("not a journal file (bad magic or too short)");
    }
    if (!Arrays.equals(file, 0, header.length, header, 0, header.length)
        || ByteBuffer.wrap(file, header.length, 4).getInt() != crc(file, 0, header.length)) {
      throw new DamagedException("header damaged, wrong version or journal of another zone");
    }
    List<Entry> entries = new ArrayList<>();
    int pos = header.length + 4;
    while (pos < file.length) {
      if (file.length - pos < 8) {
        throw new DamagedException("truncated entry header at offset " + pos);
      }
      ByteBuffer b = ByteBuffer.wrap(file, pos, 8);
      int len = b.getInt();
      int crc = b.getInt();
      if (len < 0 || len > file.length - pos - 8) {
        throw new DamagedException("entry at offset " + pos + " runs past the end of the file");
      }
      if (crc(file, pos + 8, len) != crc) {
        throw new DamagedException("checksum mismatch in entry at offset " + pos);
      }
      ZoneDiff diff = decodePayload(file, pos + 8, len, pos);
      if (!diff.oldSoa().getName().equals(origin)) {
        throw new DamagedException("entry at offset " + pos + " belongs to " + diff.oldSoa().getName());
      }
      if (!Serial.isNewer(diff.newSerial(), diff.oldSerial())) {
        throw new DamagedException("entry at offset " + pos + " does not increase the serial");
      }
      if (!entries.isEmpty() && entries.get(entries.size() - 1).diff().newSerial() != diff.oldSerial()) {
        throw new DamagedException("serial gap before entry at offset " + pos);
      }
      entries.add(new Entry(diff, len + 8));
      pos += len + 8;
    }
    return entries;
  }

  private static ZoneDiff decodePayload(byte[] file, int off, int len, int entryOffset)
      throws DamagedException {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(file, off, len))) {
      Record oldSoa = WireCodec.readRecord(in);
      Record newSoa = WireCodec.readRecord(in);
      if (!(oldSoa instanceof SOARecord o) || !(newSoa instanceof SOARecord n)) {
        throw new DamagedException("entry at offset " + entryOffset + " does not start with SOAs");
      }
      List<Record> removed = WireCodec.readRecords(in, in.available());
      List<Record> added = WireCodec.readRecords(in, in.available());
      if (in.available() != 0) {
        throw new DamagedException("trailing bytes in entry at offset " + entryOffset);
      }
      return new ZoneDiff(o, n, removed, added);
    } catch (IOException | IllegalArgumentException e) {
      throw new DamagedException("entry at offset " + entryOffset + " unreadable: " + e.getMessage());
    }
  }

  private static int crc(byte[] b, int off, int len) {
    CRC32C c = new CRC32C();
    c.update(b, off, len);
    return (int) c.getValue();
  }
}
