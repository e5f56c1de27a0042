package io.tandemdns.sync.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Replaces a file so that a reader (or a restart after a crash or SIGKILL) sees either the old
 * content or the new, never a mix: write a temporary file in the same directory, fsync it,
 * rename it over the target, fsync the directory so the rename itself is durable.
 */
public final class AtomicFiles {
  private AtomicFiles() {}

  public static void write(Path target, byte[] content) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE,
          StandardOpenOption.TRUNCATE_EXISTING)) {
        ByteBuffer buf = ByteBuffer.wrap(content);
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        ch.force(true);
      }
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        throw new IOException("file system of " + dir + " cannot rename atomically", e);
      }
      syncDirectory(dir);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** Makes the directory entry (the rename) durable; a no-op where directories cannot be opened. */
  private static void syncDirectory(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // Not supported on every platform (Windows); the data itself is already synced.
    }
  }

  /** A file name for a zone origin: lower case, characters outside [a-z0-9._-] escaped. */
  public static String fileNameFor(org.xbill.DNS.Name origin) {
    String text = origin.canonicalize().toString(true);
    if (text.isEmpty() || text.equals(".")) {
      return "_root";
    }
    StringBuilder sb = new StringBuilder();
    for (byte b : text.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_') {
        sb.append(c);
      } else {
        sb.append('%').append(String.format("%02x", b & 0xff));
      }
    }
    // "." and ".." are not zone names (the origin is at least one label here), but a leading dot
    // would hide the file; names from toString(true) never start with one.
    return sb.toString();
  }
}
