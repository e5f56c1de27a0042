package io.tandemdns.sync.tsig;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * A TSIG secret kept in its own file (the base64 text, whitespace ignored), so the main config
 * can be world-readable while the secret is not. A secret file that group or others may read
 * gets a warning: anyone who can read it can sign transfers and NOTIFYs as us.
 */
public record SecretFile(Path path, String base64, List<String> warnings) {
  private static final Logger LOG = LogManager.getLogger(SecretFile.class);
  private static final Set<PosixFilePermission> TOO_OPEN = EnumSet.of(
      PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE,
      PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE);
  /** A base64 secret is short; anything larger is the wrong file. */
  private static final long MAX_SIZE = 4096;

  public SecretFile {
    warnings = List.copyOf(warnings);
  }

  public static SecretFile read(Path path) throws IOException {
    List<String> warnings = new ArrayList<>();
    try {
      Set<PosixFilePermission> perms = Files.getPosixFilePermissions(path);
      Set<PosixFilePermission> open = EnumSet.noneOf(PosixFilePermission.class);
      for (PosixFilePermission p : perms) {
        if (TOO_OPEN.contains(p)) {
          open.add(p);
        }
      }
      if (!open.isEmpty()) {
        String w = "TSIG secret file " + path + " is accessible by group/others " + open
            + "; restrict it (chmod 600)";
        warnings.add(w);
        LOG.warn(w);
      }
    } catch (UnsupportedOperationException e) {
      // Not a POSIX file system: nothing to check.
    }
    if (Files.size(path) > MAX_SIZE) {
      throw new IOException("TSIG secret file " + path + " is larger than " + MAX_SIZE + " bytes");
    }
    String text = Files.readString(path, StandardCharsets.US_ASCII).replaceAll("\\s+", "");
    if (text.isEmpty()) {
      throw new IOException("TSIG secret file " + path + " is empty");
    }
    return new SecretFile(path, text, warnings);
  }
}
