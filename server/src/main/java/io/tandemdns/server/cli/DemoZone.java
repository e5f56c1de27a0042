package io.tandemdns.server.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.xbill.DNS.Name;

/**
 * The built-in demo zone (a resource). It is copied to a temporary directory and served like any
 * zone file, so a new user can edit it and send SIGHUP to see a reload.
 */
public final class DemoZone {
  public static final Name ORIGIN = Name.fromConstantString("example.com.");
  public static final String RESOURCE = "/io/tandemdns/server/demo.zone";

  private DemoZone() {}

  /** The zone text. */
  public static String text() throws IOException {
    try (InputStream in = DemoZone.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IOException("resource " + RESOURCE + " missing from the build");
      }
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  /** Writes the zone to a new temporary file, removed when the JVM exits. */
  public static Path extract() throws IOException {
    Path dir = Files.createTempDirectory("tandem-demo-");
    dir.toFile().deleteOnExit(); // deleteOnExit runs in reverse order: the file goes first
    Path file = dir.resolve(ORIGIN + "zone");
    file.toFile().deleteOnExit();
    Files.writeString(file, text());
    return file;
  }
}
