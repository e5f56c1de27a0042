package io.tandemdns.server.dnssec;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.xbill.DNS.DNSKEYRecord;
import org.xbill.DNS.Master;
import org.xbill.DNS.NSEC3PARAMRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;
import org.xbill.DNS.utils.base32;

/**
 * The signed test zones of issue 7, signed at test time by BIND's {@code dnssec-signzone}
 * (Debian bind9-utils): one zone per denial flavour, same content (resources
 * {@code dnssec/signed.zone.in}), ECDSA P-256 KSK + ZSK. The tools missing fails under CI=true and
 * skips loudly elsewhere.
 */
final class SignedZones {
  /** How a zone proves non-existence. */
  enum Denial {
    NSEC("nsec.dnssec.test."),
    NSEC3("nsec3.dnssec.test."),
    /** NSEC3 with opt-out (RFC 5155 §6): the insecure delegation has no NSEC3 of its own. */
    OPT_OUT("optout.dnssec.test.");

    final Name origin;

    Denial(String origin) {
      this.origin = Name.fromConstantString(origin);
    }
  }

  /** Salt and iterations of the NSEC3 zones (RFC 9276 §3.1 recommends 0 extra iterations). */
  static final String SALT = "aabbccdd";

  /** dnssec-signzone's absolute time syntax, UTC. */
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC);

  private static final base32 B32HEX = new base32(base32.Alphabet.BASE32HEX, false, false);

  private SignedZones() {}

  static void requireTools() {
    for (String tool : List.of("/usr/bin/dnssec-signzone", "/usr/bin/dnssec-keygen")) {
      if (!Files.isExecutable(Path.of(tool))) {
        String msg = tool + " missing (apt-get install bind9-utils)";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
          fail(msg);
        }
        System.err.println("\n********** SIGNED-ZONE TESTS SKIPPED: " + msg + " **********\n");
        assumeTrue(false, msg);
      }
    }
  }

  /** The unsigned zone text for {@code origin} with this SOA serial. */
  static String text(Name origin, long serial) throws IOException {
    try (InputStream in = SignedZones.class.getResourceAsStream("/dnssec/signed.zone.in")) {
      String t = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return t.replace("@ORIGIN@", origin.toString()).replace("@SERIAL@", Long.toString(serial));
    }
  }

  /** Creates a KSK and a ZSK for {@code origin} in {@code keyDir}. */
  static void keygen(Path keyDir, Name origin) throws IOException, InterruptedException {
    requireTools();
    Files.createDirectories(keyDir);
    run(keyDir, "dnssec-keygen", "-q", "-a", "ECDSAP256SHA256", "-K", ".", origin.toString());
    run(keyDir, "dnssec-keygen", "-q", "-a", "ECDSAP256SHA256", "-f", "KSK", "-K", ".", origin.toString());
  }

  /**
   * Signs {@code text} with the keys in {@code keyDir} into {@code out}.
   *
   * @param inception the signature inception, so that two signings of the same data differ
   */
  static Path sign(Path keyDir, Denial denial, String text, Instant inception, Path out)
      throws IOException, InterruptedException {
    Path in = keyDir.resolve("in-" + denial + ".zone");
    Files.writeString(in, text);
    List<String> cmd = new ArrayList<>(List.of("dnssec-signzone", "-q", "-S", "-K", ".", "-s", STAMP.format(inception)));
    if (denial != Denial.NSEC) {
      cmd.addAll(List.of("-3", SALT, "-H", "0"));
    }
    if (denial == Denial.OPT_OUT) {
      cmd.add("-A");
    }
    cmd.addAll(List.of("-o", denial.origin.toString(), "-f", out.toAbsolutePath().toString(), in.toString()));
    run(keyDir, cmd.toArray(String[]::new));
    return out;
  }

  /** Keys + signature of every flavour in {@code dir}: origin → signed file. */
  static Map<Name, Path> signAll(Path dir) throws IOException, InterruptedException {
    Map<Name, Path> zones = new LinkedHashMap<>();
    for (Denial d : Denial.values()) {
      Path keys = dir.resolve("keys-" + d);
      keygen(keys, d.origin);
      zones.put(d.origin, sign(keys, d, text(d.origin, 1), Instant.now().minusSeconds(3600), dir.resolve(d.origin + "zone")));
    }
    return zones;
  }

  static List<Record> read(Path file, Name origin) throws IOException {
    List<Record> out = new ArrayList<>();
    try (Master m = new Master(file.toString(), origin)) {
      for (Record r; (r = m.nextRecord()) != null; ) {
        out.add(r);
      }
    }
    return out;
  }

  /** The apex DNSKEYs of a signed file: the trust anchor of every validation. */
  static List<DNSKEYRecord> dnskeys(Path file, Name origin) throws IOException {
    return read(file, origin).stream()
        .filter(r -> r.getType() == Type.DNSKEY && r.getName().equals(origin))
        .map(r -> (DNSKEYRecord) r)
        .toList();
  }

  /** The NSEC3 owner name for {@code name} in an NSEC3 zone of this suite (RFC 5155 §3). */
  static Name hashedOwner(Name name, Name origin) {
    try {
      NSEC3PARAMRecord p = new NSEC3PARAMRecord(origin, org.xbill.DNS.DClass.IN, 0, 1, 0, 0,
          java.util.HexFormat.of().parseHex(SALT));
      return Name.fromString(B32HEX.toString(p.hashName(name)).toLowerCase(), origin);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static void run(Path dir, String... cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail(String.join(" ", cmd) + " timed out");
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.exitValue() != 0) {
      fail(String.join(" ", cmd) + " failed: " + out);
    }
  }
}
