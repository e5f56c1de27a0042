package io.tandemdns.server.sync;

import static org.assertj.core.api.Assertions.fail;

import io.tandemdns.server.TandemServer;
import io.tandemdns.server.config.ConfigFile;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Assumptions;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Shared pieces of the zone-sync and catalog tests: ports, config files, polling, reference
 * binaries, time-limited commands.
 */
public final class SyncTestSupport {
  static final InetAddress LO = addr(127, 0, 0, 1);
  /** Another loopback address (Linux routes all of 127/8 to lo): a client outside the ACLs. */
  static final InetAddress LO2 = addr(127, 0, 0, 2);
  static final String SECRET = "c2VjcmV0LWtleS1mb3ItdGFuZGVtLXRlc3RzLTAxMjM0NTY3ODk=";
  static final String WRONG_SECRET = "d3Jvbmcta2V5LWZvci10YW5kZW0tdGVzdHMtMDEyMzQ1Njc4OQ==";

  private SyncTestSupport() {}

  static InetAddress addr(int... b) {
    byte[] bytes = new byte[b.length];
    for (int i = 0; i < b.length; i++) {
      bytes[i] = (byte) b[i];
    }
    try {
      return InetAddress.getByAddress(bytes);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A port free for both TCP and UDP on 127.0.0.1 right now. */
  public static int freePort() throws IOException {
    for (int attempt = 0; attempt < 50; attempt++) {
      try (ServerSocket tcp = new ServerSocket(0, 1, LO)) {
        int p = tcp.getLocalPort();
        try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(LO, p))) {
          return p;
        } catch (IOException e) {
          // UDP side taken: try another
        }
      }
    }
    throw new IOException("no free port on 127.0.0.1");
  }

  /** Writes {@code tandem.yaml} into {@code dir} and starts the server from it. */
  public static TandemServer startTandem(Path dir, String yaml) throws Exception {
    Files.createDirectories(dir);
    Path conf = dir.resolve("tandem.yaml");
    Files.writeString(conf, yaml);
    return TandemServer.start(ConfigFile.read(conf));
  }

  static String zone(String origin, long serial, String... extra) {
    StringBuilder sb = new StringBuilder("$ORIGIN " + origin + "\n$TTL 300\n"
        + "@ IN SOA ns1 hostmaster " + serial + " 1 1 3600 60\n"
        + "@ IN NS ns1\nns1 IN A 192.0.2.1\nwww IN A 192.0.2.80\n");
    for (String e : extra) {
      sb.append(e).append('\n');
    }
    return sb.toString();
  }

  /** The SOA serial the server answers over UDP, or -rcode when it answers an error, or null. */
  public static Long serial(InetSocketAddress server, Name zone) {
    try {
      Message m = udp(server, zone, Type.SOA);
      if (m == null) {
        return null;
      }
      if (m.getRcode() != Rcode.NOERROR) {
        return (long) -m.getRcode();
      }
      for (Record r : m.getSection(Section.ANSWER)) {
        if (r instanceof SOARecord soa) {
          return soa.getSerial();
        }
      }
      return null;
    } catch (IOException e) {
      return null;
    }
  }

  static Message udp(InetSocketAddress server, Name name, int type) throws IOException {
    byte[] q = Message.newQuery(Record.newRecord(name, type, org.xbill.DNS.DClass.IN)).toWire();
    try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(LO, 0))) {
      s.setSoTimeout(1000);
      s.send(new java.net.DatagramPacket(q, q.length, server));
      byte[] buf = new byte[65535];
      java.net.DatagramPacket p = new java.net.DatagramPacket(buf, buf.length);
      try {
        s.receive(p);
      } catch (java.net.SocketTimeoutException e) {
        return null;
      }
      return new Message(java.util.Arrays.copyOf(buf, p.getLength()));
    }
  }

  /** Polls until the condition holds; fails with {@code what} after {@code seconds}. */
  public static long await(String what, int seconds, BooleanSupplier condition) throws InterruptedException {
    long start = System.nanoTime();
    long deadline = start + TimeUnit.SECONDS.toNanos(seconds);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        fail("timed out after " + seconds + " s waiting for " + what);
      }
      Thread.sleep(20);
    }
    return (System.nanoTime() - start) / 1_000_000;
  }

  /** A reference binary: CI=true → must exist; elsewhere a missing one skips the test loudly. */
  public static Path require(String path) {
    Path p = Path.of(path);
    if (Files.isExecutable(p)) {
      return p;
    }
    String msg = "reference binary missing: " + path + " (apt-get install knot knot-dnsutils bind9 bind9-dnsutils)";
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      fail(msg);
    }
    System.err.println("SKIPPING zone-sync interop test: " + msg);
    Assumptions.abort(msg);
    return null;
  }

  public record Result(int exit, String out) {}

  /** Stops a reference server we started: SIGTERM to its PID, SIGKILL after 10 s. */
  public static void stop(Process process) throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroy();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
      }
    }
  }

  /** Runs a command with a hard time limit; stdout and stderr merged. */
  public static Result run(long timeoutSeconds, String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[][] out = new byte[1][];
    Thread reader = new Thread(() -> {
      try {
        out[0] = p.getInputStream().readAllBytes();
      } catch (IOException e) {
        out[0] = new byte[0];
      }
    });
    reader.start();
    if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      reader.join(2000);
      fail("timed out after " + timeoutSeconds + " s: " + String.join(" ", command));
    }
    reader.join(5000);
    return new Result(p.exitValue(), out[0] == null ? "" : new String(out[0], StandardCharsets.UTF_8));
  }

  /**
   * The record set of a zone as kdig sees it over AXFR: record lines, sorted, duplicates (the
   * closing SOA) and TSIG pseudo-records removed. Empty set when the transfer fails.
   */
  public static TreeSet<String> axfr(InetSocketAddress server, Name zone, String tsig) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("/usr/bin/kdig", "@" + server.getAddress().getHostAddress(),
        "-p", String.valueOf(server.getPort()), "-t", "AXFR", zone.toString(), "+noall", "+answer", "+time=3",
        "+retry=0"));
    if (tsig != null) {
      cmd.add("-y");
      cmd.add(tsig);
    }
    Result r = run(30, cmd.toArray(String[]::new));
    TreeSet<String> lines = new TreeSet<>();
    for (String l : r.out().split("\n")) {
      String t = l.trim().replaceAll("\\s+", " ");
      if (!t.isEmpty() && !t.startsWith(";") && !t.contains(" TSIG ")) {
        lines.add(t);
      }
    }
    return lines;
  }

  static String firstA(Message m) {
    for (Record r : m.getSection(Section.ANSWER)) {
      if (r.getType() == Type.A) {
        return r.rdataToString();
      }
    }
    return null;
  }

  static String tsigArg(String keyName, String secret) {
    return "hmac-sha256:" + keyName + ":" + secret;
  }
}
