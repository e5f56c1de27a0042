package io.tandemdns.sync.tsig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.Type;
import org.xbill.DNS.DClass;

/** Key parsing, secret files and their permission warning, request verification. */
class KeyringTest {
  static final String SECRET = "c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LTEyMzQ=";

  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"hmac-sha256", "hmac-sha384", "hmac-sha512", "hmac-sha224", "hmac-sha1",
      "hmac-md5", "HMAC-SHA256", "hmac-md5.sig-alg.reg.int."})
  void everySupportedAlgorithmSignsAndVerifies(String alg) throws Exception {
    Keyring ring = Keyring.empty().with("xfr.example.", alg, SECRET);
    TSIG key = ring.get(Name.fromString("xfr.example.")).orElseThrow();
    Message q = Message.newQuery(Record.newRecord(Name.fromString("example.com."), Type.AXFR, DClass.IN));
    key.apply(q, null);
    byte[] wire = q.toWire();
    RequestAuth auth = RequestAuth.check(new Message(wire), wire, ring);
    assertThat(auth.status()).isEqualTo(RequestAuth.Status.VERIFIED);
    assertThat(auth.keyName()).isEqualTo(Name.fromString("xfr.example."));
  }

  @Test
  void badInputIsRejectedWithTheKeyName() {
    assertThatThrownBy(() -> Keyring.empty().with("k1", "hmac-sha999", SECRET))
        .hasMessageContaining("hmac-sha999").hasMessageContaining("hmac-sha256");
    assertThatThrownBy(() -> Keyring.empty().with("k2", "hmac-sha256", "not base64!"))
        .hasMessageContaining("k2").hasMessageContaining("base64");
    assertThatThrownBy(() -> Keyring.empty().with("k3", "hmac-sha256", SECRET).with("K3.", "hmac-sha1", SECRET))
        .hasMessageContaining("twice");
  }

  @Test
  void wrongSecretUnknownKeyAndUnsignedAreTold() throws Exception {
    Keyring ours = Keyring.empty().with("xfr.example.", "hmac-sha256", SECRET);
    Keyring theirs = Keyring.empty().with("xfr.example.", "hmac-sha256", "b3RoZXItc2VjcmV0");
    Keyring unknown = Keyring.empty().with("other.example.", "hmac-sha256", SECRET);

    Message q = Message.newQuery(Record.newRecord(Name.fromString("example.com."), Type.AXFR, DClass.IN));
    byte[] unsigned = q.toWire();
    assertThat(RequestAuth.check(new Message(unsigned), unsigned, ours).status())
        .isEqualTo(RequestAuth.Status.UNSIGNED);

    theirs.get(Name.fromString("xfr.example.")).orElseThrow().apply(q, null);
    byte[] wire = q.toWire();
    RequestAuth bad = RequestAuth.check(new Message(wire), wire, ours);
    assertThat(bad.status()).isEqualTo(RequestAuth.Status.FAILED);
    assertThat(bad.tsigError()).isEqualTo(Rcode.BADSIG);
    assertThat(bad.keyName()).isNull();
    RequestAuth noKey = RequestAuth.check(new Message(wire), wire, unknown);
    assertThat(noKey.tsigError()).isEqualTo(Rcode.BADKEY);
  }

  @Test
  void secretFileIsReadAndOpenPermissionsWarned() throws Exception {
    Path f = dir.resolve("xfr.key");
    Files.writeString(f, "  " + SECRET.substring(0, 20) + "\n" + SECRET.substring(20) + "\n");
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
    SecretFile tight = SecretFile.read(f);
    assertThat(tight.base64()).isEqualTo(SECRET);
    assertThat(tight.warnings()).isEmpty();

    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
    SecretFile open = SecretFile.read(f);
    assertThat(open.warnings()).singleElement().asString()
        .contains(f.toString()).contains("GROUP_READ").contains("OTHERS_READ");

    Keyring ring = Keyring.empty().withSecretFile("xfr.example.", "hmac-sha512", f);
    assertThat(ring.names()).containsExactly(Name.fromString("xfr.example."));

    Path empty = Files.writeString(dir.resolve("empty.key"), "\n");
    assertThatThrownBy(() -> SecretFile.read(empty)).hasMessageContaining("empty");
    Path garbage = Files.writeString(dir.resolve("bad.key"), "%%%\n");
    assertThatThrownBy(() -> Keyring.empty().withSecretFile("k.", "hmac-sha256", garbage))
        .hasMessageContaining("bad.key").hasMessageContaining("base64");
    assertThatThrownBy(() -> SecretFile.read(dir.resolve("missing.key")))
        .isInstanceOf(java.nio.file.NoSuchFileException.class);
  }
}
