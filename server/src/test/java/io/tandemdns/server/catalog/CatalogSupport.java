package io.tandemdns.server.catalog;

import static org.assertj.core.api.Assertions.fail;

import io.tandemdns.server.TandemServer;
import io.tandemdns.server.sync.SyncTestSupport;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Shared pieces of the catalog-zone end-to-end tests (RFC 9432): loopback ports, Tandem start,
 * DNS probes, bounded polling, reference binaries. Everything talks to 127.0.0.1 only.
 */
final class CatalogSupport {
  static final InetAddress LO = loopback();
  static final String KEY = "xfr.";
  static final String SECRET = "Y2F0YWxvZy10ZXN0LWtleS1mb3ItdGFuZGVtLTAxMjM0NTY3ODk=";

  private CatalogSupport() {}

  private static InetAddress loopback() {
    try {
      return InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static int freePort() throws IOException {
    return SyncTestSupport.freePort();
  }

  static InetSocketAddress at(int port) {
    return new InetSocketAddress(LO, port);
  }

  /** The {@code keys:} section of tandem.yaml with the one shared TSIG key. */
  static String tandemKeys() {
    return "keys:\n  - name: " + KEY + "\n    algorithm: hmac-sha256\n    secret: \"" + SECRET + "\"\n";
  }

  /**
   * The top of a test tandem.yaml: listen on 127.0.0.1:{@code port}, state-dir {@code state}
   * (absolute), the shared key, short refresh/retry clamps (so no wait depends on an SOA timer of
   * an hour) and the control API on an ephemeral loopback port.
   */
  static String tandemHeader(int port, Path stateDir) {
    return "listen: [\"127.0.0.1:" + port + "\"]\n"
        + "state-dir: \"" + stateDir + "\"\n"
        + tandemKeys()
        + "sync:\n  refresh-min: 1\n  retry-min: 1\n  retry-max: 2\n"
        + "control:\n  listen: \"127.0.0.1:0\"\n  token: \"catalog-test-token-0123456789\"\n";
  }

  /** A YAML flow list with one primary (or NOTIFY target) 127.0.0.1:{@code port} signed with the key. */
  static String peer(int port) {
    return "[ {address: \"127.0.0.1:" + port + "\", key: " + KEY + "} ]";
  }

  /** GET /zones/{zone} from Tandem's control API: the JSON text, or "" when not configured (404). */
  static String zoneJson(TandemServer server, String zone) {
    try {
      InetSocketAddress c = server.operations().control().address();
      HttpResponse<String> r = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + c.getPort() + "/zones/" + zone))
              .timeout(Duration.ofSeconds(5)).build(),
          HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200 ? r.body() : "";
    } catch (IOException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }

  /**
   * The "catalog" fact of a zone in the control API (the consumer catalog it came from), or null.
   * Accepts a plain string ({@code "catalog":"a."}) or an object whose first string value is the
   * catalog ({@code "catalog":{"zone":"a.",...}}).
   */
  static String catalogFact(TandemServer server, String zone) {
    Matcher m = Pattern.compile("\"catalog\":(?:\\{[^}]*?\"[^\"]*\":)?\"([^\"]*)\"").matcher(zoneJson(server, zone));
    return m.find() ? m.group(1) : null;
  }

  static TandemServer startTandem(Path dir, String yaml) throws Exception {
    return SyncTestSupport.startTandem(dir, yaml);
  }

  /** A small ordinary zone: SOA, NS, ns1 A, www A {@code 192.0.2.<www>}. */
  static String zone(String origin, long serial, int www) {
    return "$ORIGIN " + origin + "\n$TTL 300\n"
        + "@ IN SOA ns1 hostmaster " + serial + " 3600 600 86400 60\n"
        + "@ IN NS ns1\nns1 IN A 192.0.2.1\nwww IN A 192.0.2." + www + "\n";
  }

  /**
   * A hand-written catalog zone (RFC 9432 §4): SOA, NS invalid., {@code version} (null: none) and
   * the given extra lines, e.g. {@code "m1.zones PTR one.example."}, relative to the catalog.
   */
  static String catalog(String origin, long serial, String version, String... lines) {
    StringBuilder sb = new StringBuilder("$ORIGIN " + origin + "\n$TTL 0\n"
        + "@ IN SOA invalid. invalid. " + serial + " 3600 600 2147483646 0\n@ IN NS invalid.\n");
    if (version != null) {
      sb.append("version IN TXT \"").append(version).append("\"\n");
    }
    for (String l : lines) {
      sb.append(l).append('\n');
    }
    return sb.toString();
  }

  static Message query(InetSocketAddress server, String name, int type) {
    try {
      byte[] q = Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN)).toWire();
      try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(LO, 0))) {
        s.setSoTimeout(1000);
        s.send(new DatagramPacket(q, q.length, server));
        byte[] buf = new byte[65535];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        s.receive(p);
        return new Message(Arrays.copyOf(buf, p.getLength()));
      }
    } catch (SocketTimeoutException e) {
      return null;
    } catch (IOException e) {
      return null;
    }
  }

  /** The SOA serial served for {@code zone}, or -rcode for an error answer, or null (no answer). */
  static Long serial(InetSocketAddress server, String zone) {
    return SyncTestSupport.serial(server, org.xbill.DNS.Name.fromConstantString(zone.endsWith(".") ? zone : zone + "."));
  }

  /** Short description of the answer for assertions and messages: "NOERROR 192.0.2.80", "REFUSED". */
  static String a(InetSocketAddress server, String name) {
    Message m = query(server, name, Type.A);
    if (m == null) {
      return "no answer";
    }
    StringBuilder sb = new StringBuilder(Rcode.string(m.getRcode()));
    for (Record r : m.getSection(Section.ANSWER)) {
      if (r.getType() == Type.A) {
        sb.append(' ').append(r.rdataToString());
      }
    }
    return sb.toString();
  }

  static boolean refused(InetSocketAddress server, String zone) {
    Long s = serial(server, zone);
    return s != null && s == -Rcode.REFUSED;
  }

  static boolean serves(InetSocketAddress server, String zone, long serial) {
    return Long.valueOf(serial).equals(serial(server, zone));
  }

  /** Polls until the condition holds; fails with {@code what} (and {@code context}) after {@code seconds}. */
  static void await(String what, int seconds, BooleanSupplier condition, java.util.function.Supplier<String> context)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        fail("timed out after " + seconds + " s waiting for " + what
            + (context == null ? "" : "\n--- context ---\n" + context.get()));
      }
      Thread.sleep(50);
    }
  }

  static void await(String what, int seconds, BooleanSupplier condition) throws InterruptedException {
    await(what, seconds, condition, null);
  }

  /** Holds for the whole period (a negative check: something must NOT happen within it). */
  static void holds(String what, int millis, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    while (System.nanoTime() < deadline) {
      if (!condition.getAsBoolean()) {
        fail("stopped holding: " + what);
      }
      Thread.sleep(100);
    }
  }

  static Path require(String path) {
    return SyncTestSupport.require(path);
  }

  static SyncTestSupport.Result run(long timeoutSeconds, String... command) throws IOException, InterruptedException {
    return SyncTestSupport.run(timeoutSeconds, command);
  }

  /**
   * The record set of a zone as kdig sees it over AXFR (signed with the test key when
   * {@code signed}): record lines, whitespace-normalised, sorted, the closing SOA and TSIG removed.
   * Empty when the transfer fails.
   */
  static TreeSet<String> axfr(InetSocketAddress server, String zone, boolean signed) throws Exception {
    require("/usr/bin/kdig");
    return SyncTestSupport.axfr(server, org.xbill.DNS.Name.fromString(zone, org.xbill.DNS.Name.root),
        signed ? "hmac-sha256:" + KEY + ":" + SECRET : null);
  }

  /** The member zones (PTR targets under {@code zones.}) of a catalog as served over AXFR. */
  static TreeSet<String> members(TreeSet<String> catalogAxfr) {
    TreeSet<String> out = new TreeSet<>();
    for (String l : catalogAxfr) {
      String[] f = l.split(" ");
      if (f.length == 5 && f[3].equals("PTR") && f[0].matches("[^.]+\\.zones\\..*")) {
        out.add(f[4].toLowerCase());
      }
    }
    return out;
  }

  /** Tandem's persisted files of a zone in its state dir (RFC-independent: Tandem's own layout). */
  static List<Path> persisted(Path stateDir, String zone) throws IOException {
    String base = zone.endsWith(".") ? zone.substring(0, zone.length() - 1) : zone;
    List<Path> out = new ArrayList<>();
    if (!Files.isDirectory(stateDir)) {
      return out;
    }
    try (var s = Files.list(stateDir)) {
      s.filter(p -> {
        String f = p.getFileName().toString();
        return f.equals(base + ".zone") || f.equals(base + ".timers") || f.equals(base + ".journal");
      }).forEach(out::add);
    }
    return out;
  }

  /** The last {@code lines} lines of a log, for failure messages. */
  static String tail(String text, int lines) {
    String[] all = text.split("\n");
    return String.join("\n", Arrays.copyOfRange(all, Math.max(0, all.length - lines), all.length));
  }
}
