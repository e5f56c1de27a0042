package io.tandemdns.sync.tsig;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.crypto.spec.SecretKeySpec;
import org.xbill.DNS.Name;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TextParseException;

/**
 * TSIG keys by name (RFC 8945 §4.2: the key name identifies the shared secret). Immutable: a
 * config reload builds a new keyring.
 */
public final class Keyring {
  private static final Keyring EMPTY = new Keyring(Map.of(), Map.of());

  private final Map<Name, TSIG> keys;
  /** The same keys' secrets, for what dnsjava cannot sign itself (a BADTIME answer, RFC 8945 §5.2.3). */
  private final Map<Name, SecretKeySpec> secrets;

  private Keyring(Map<Name, TSIG> keys, Map<Name, SecretKeySpec> secrets) {
    this.keys = keys;
    this.secrets = secrets;
  }

  public static Keyring empty() {
    return EMPTY;
  }

  /** This keyring plus one key; {@code secret} is base64 (RFC 4648 §4). */
  public Keyring with(String name, String algorithm, String secret) {
    return with(name, algorithm, secret, Clock.systemUTC());
  }

  /** As {@link #with(String, String, String)}, with the clock TSIG uses for time checks. */
  public Keyring with(String name, String algorithm, String secret, Clock clock) {
    TSIG key = key(name, algorithm, secret, clock);
    Map<Name, TSIG> next = new HashMap<>(keys);
    if (next.put(keyName(name), key) != null) {
      throw new IllegalArgumentException("TSIG key '" + name + "' defined twice");
    }
    Map<Name, SecretKeySpec> nextSecrets = new HashMap<>(secrets);
    @SuppressWarnings("deprecation")
    String javaAlg = TSIG.nameToAlgorithm(TsigAlgorithms.parse(algorithm));
    nextSecrets.put(keyName(name), new SecretKeySpec(Base64.getDecoder().decode(secret.replaceAll("\\s+", "")), javaAlg));
    return new Keyring(Map.copyOf(next), Map.copyOf(nextSecrets));
  }

  /** This keyring plus a key whose secret is read from a file (see {@link SecretFile}). */
  public Keyring withSecretFile(String name, String algorithm, Path secretFile) throws IOException {
    SecretFile secret = SecretFile.read(secretFile);
    try {
      return with(name, algorithm, secret.base64());
    } catch (IllegalArgumentException e) {
      throw new IOException("TSIG key '" + name + "' in " + secretFile + ": " + e.getMessage(), e);
    }
  }

  public Optional<TSIG> get(Name name) {
    return Optional.ofNullable(keys.get(name));
  }

  /** The secret of a key, for {@link TsigErrors}; empty for an unknown name. */
  Optional<SecretKeySpec> secret(Name name) {
    return Optional.ofNullable(secrets.get(name));
  }

  public Set<Name> names() {
    return keys.keySet();
  }

  public boolean isEmpty() {
    return keys.isEmpty();
  }

  private static Name keyName(String name) {
    try {
      return Name.fromString(name, Name.root);
    } catch (TextParseException e) {
      throw new IllegalArgumentException("TSIG key name '" + name + "' is not a domain name", e);
    }
  }

  /** Builds one key, with errors naming the key and what is wrong with it. */
  public static TSIG key(String name, String algorithm, String secret, Clock clock) {
    Name keyName = keyName(name);
    Name alg = TsigAlgorithms.parse(algorithm);
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(secret.replaceAll("\\s+", ""));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("TSIG key '" + name + "': secret is not valid base64", e);
    }
    if (bytes.length == 0) {
      throw new IllegalArgumentException("TSIG key '" + name + "': empty secret");
    }
    @SuppressWarnings("deprecation")
    String javaAlg = TSIG.nameToAlgorithm(alg);
    return new TSIG(alg, keyName, new SecretKeySpec(bytes, javaAlg), clock);
  }
}
