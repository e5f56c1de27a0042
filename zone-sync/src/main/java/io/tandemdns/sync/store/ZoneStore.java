package io.tandemdns.sync.store;

import io.tandemdns.sync.files.AtomicFiles;
import io.tandemdns.sync.files.WireCodec;
import io.tandemdns.zone.Zone;
import io.tandemdns.zone.ZoneBuilder;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

/**
 * The persisted copy of one secondary zone in the state directory, so a restart serves at once
 * without waiting for a primary.
 *
 * <p>Two files, each replaced atomically (temp, fsync, rename) and ending in a SHA-256 of its
 * content: {@code <zone>.zone} holds the records (written after each transfer) and
 * {@code <zone>.timers} the refresh/expire timestamps (rewritten after every successful SOA
 * check, which must not cost a rewrite of a large zone). The timers file names the digest of the
 * zone file it belongs to; a stale or damaged timers file falls back to the timestamps saved
 * with the zone itself.
 */
public final class ZoneStore {
  private static final byte[] ZONE_MAGIC = "TDNSZONE".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  private static final byte[] TIMERS_MAGIC = "TDNSTIMR".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  private static final int VERSION = 1;
  private static final int DIGEST_LEN = 32;

  private final Name origin;
  private final Path zoneFile;
  private final Path timersFile;

  public ZoneStore(Path stateDir, Name origin) {
    this.origin = origin;
    String base = AtomicFiles.fileNameFor(origin);
    this.zoneFile = stateDir.resolve(base + ".zone");
    this.timersFile = stateDir.resolve(base + ".timers");
  }

  public Path zoneFile() {
    return zoneFile;
  }

  /** Persists a zone and its timestamps, replacing any previous copy atomically. */
  public void save(StoredZone stored) throws IOException {
    Zone zone = stored.zone();
    if (!zone.origin().equals(origin)) {
      throw new IllegalArgumentException("store of " + origin + " cannot hold zone " + zone.origin());
    }
    byte[] body = WireCodec.bytes(out -> {
      out.write(ZONE_MAGIC);
      out.writeShort(VERSION);
      writeName(out, origin);
      out.writeInt((int) zone.serial());
      out.writeLong(stored.lastRefresh().toEpochMilli());
      out.writeLong(stored.expireAt().toEpochMilli());
      WireCodec.writeRecords(out, zone.records());
    });
    byte[] digest = sha256(body, body.length);
    AtomicFiles.write(zoneFile, concat(body, digest));
    // The zone file carries the same timestamps; an old timers file would now be stale.
    Files.deleteIfExists(timersFile);
  }

  /** Records a successful refresh without rewriting the zone (RFC 1035 §4.3.5 timers). */
  public void saveTimestamps(Instant lastRefresh, Instant expireAt) throws IOException {
    byte[] zoneDigest = currentZoneDigest();
    byte[] body = WireCodec.bytes(out -> {
      out.write(TIMERS_MAGIC);
      out.writeShort(VERSION);
      writeName(out, origin);
      out.write(zoneDigest);
      out.writeLong(lastRefresh.toEpochMilli());
      out.writeLong(expireAt.toEpochMilli());
    });
    AtomicFiles.write(timersFile, concat(body, sha256(body, body.length)));
  }

  /**
   * Loads and verifies the persisted copy; empty when none exists.
   *
   * @throws StoreCorruptException when the file is damaged, truncated, of another zone, or its
   *     records do not build a valid zone — it must then be re-transferred, not served
   */
  public Optional<StoredZone> load() throws IOException {
    byte[] file;
    try {
      file = Files.readAllBytes(zoneFile);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
    byte[] body = verified(file, ZONE_MAGIC, zoneFile);
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(body))) {
      in.skipNBytes(ZONE_MAGIC.length + 2);
      checkName(in, zoneFile);
      long serial = in.readInt() & 0xFFFFFFFFL;
      Instant lastRefresh = Instant.ofEpochMilli(in.readLong());
      Instant expireAt = Instant.ofEpochMilli(in.readLong());
      List<Record> records = WireCodec.readRecords(in, in.available());
      if (in.available() != 0) {
        throw new StoreCorruptException(zoneFile + ": trailing bytes after the records");
      }
      Zone zone = new ZoneBuilder(origin).addAll(records).build();
      if (zone.serial() != serial) {
        throw new StoreCorruptException(zoneFile + ": header serial " + serial
            + " does not match the SOA serial " + zone.serial());
      }
      StoredZone stored = new StoredZone(zone, lastRefresh, expireAt);
      return Optional.of(withTimers(stored, sha256(body, body.length)));
    } catch (StoreCorruptException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw new StoreCorruptException(zoneFile + ": unreadable persisted zone " + origin + ": "
          + e.getMessage(), e);
    }
  }

  /** Deletes the copy and its timestamps (a zone no longer served here, or reset). */
  public void delete() throws IOException {
    Files.deleteIfExists(zoneFile);
    Files.deleteIfExists(timersFile);
  }

  /** Moves a damaged copy aside (kept for the operator, never loaded again). */
  public void discard() throws IOException {
    if (Files.exists(zoneFile)) {
      Files.move(zoneFile, zoneFile.resolveSibling(zoneFile.getFileName() + ".damaged"),
          StandardCopyOption.REPLACE_EXISTING);
    }
    Files.deleteIfExists(timersFile);
  }

  /** Newer timestamps from the timers file if it is intact and belongs to this zone file. */
  private StoredZone withTimers(StoredZone stored, byte[] zoneDigest) {
    byte[] file;
    try {
      file = Files.readAllBytes(timersFile);
      byte[] body = verified(file, TIMERS_MAGIC, timersFile);
      try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(body))) {
        in.skipNBytes(TIMERS_MAGIC.length + 2);
        checkName(in, timersFile);
        byte[] digest = in.readNBytes(DIGEST_LEN);
        if (!Arrays.equals(digest, zoneDigest)) {
          return stored;
        }
        return new StoredZone(stored.zone(), Instant.ofEpochMilli(in.readLong()),
            Instant.ofEpochMilli(in.readLong()));
      }
    } catch (IOException e) {
      // Missing or damaged timers: the zone file's own timestamps are older but safe.
      return stored;
    }
  }

  private byte[] currentZoneDigest() throws IOException {
    byte[] file = Files.readAllBytes(zoneFile);
    byte[] body = verified(file, ZONE_MAGIC, zoneFile);
    return sha256(body, body.length);
  }

  /** Checks magic, version and trailing SHA-256; returns the content without the digest. */
  private static byte[] verified(byte[] file, byte[] magic, Path path) throws StoreCorruptException {
    if (file.length < magic.length + 2 + DIGEST_LEN
        || !Arrays.equals(file, 0, magic.length, magic, 0, magic.length)) {
      throw new StoreCorruptException(path + ": not a Tandem state file (bad magic or too short)");
    }
    int bodyLen = file.length - DIGEST_LEN;
    byte[] expected = sha256(file, bodyLen);
    if (!Arrays.equals(file, bodyLen, file.length, expected, 0, DIGEST_LEN)) {
      throw new StoreCorruptException(path + ": checksum mismatch (file damaged or truncated)");
    }
    int version = ((file[magic.length] & 0xff) << 8) | (file[magic.length + 1] & 0xff);
    if (version != VERSION) {
      throw new StoreCorruptException(path + ": unsupported format version " + version);
    }
    return Arrays.copyOf(file, bodyLen);
  }

  private static void writeName(java.io.DataOutputStream out, Name name) throws IOException {
    byte[] wire = name.toWireCanonical();
    out.writeShort(wire.length);
    out.write(wire);
  }

  private void checkName(DataInputStream in, Path path) throws IOException {
    byte[] wire = in.readNBytes(in.readUnsignedShort());
    if (!Arrays.equals(wire, origin.toWireCanonical())) {
      throw new StoreCorruptException(path + ": file belongs to another zone than " + origin);
    }
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static byte[] sha256(byte[] b, int len) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      md.update(b, 0, len);
      return md.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }
}
