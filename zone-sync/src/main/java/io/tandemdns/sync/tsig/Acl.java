package io.tandemdns.sync.tsig;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

/**
 * Who may transfer a zone (or send NOTIFY for it): a list of rules, any one of which admits the
 * client. A rule names an address prefix, a TSIG key, or both (then both must match). The key
 * is the one the request was <em>verified</em> with (RFC 8945 §5.2), never just the name in an
 * unverified TSIG record. An empty ACL admits nobody.
 *
 * <p>Rule text: {@code 192.0.2.0/24}, {@code 2001:db8::1}, {@code any}, {@code key NAME}, or an
 * address part followed by {@code key NAME}.
 */
public final class Acl {
  /** One rule; a null part matches anything. */
  public record Rule(AddressPrefix prefix, Name key) {
    public boolean matches(InetAddress address, Name verifiedKey) {
      boolean addressOk = prefix == null || prefix.contains(address);
      boolean keyOk = key == null || key.equals(verifiedKey);
      return addressOk && keyOk;
    }

    public static Rule parse(String text) {
      String[] words = text.trim().split("\\s+");
      AddressPrefix prefix = null;
      Name key = null;
      int i = 0;
      if (i < words.length && !words[i].equalsIgnoreCase("key")) {
        prefix = words[i].toLowerCase(Locale.ROOT).equals("any") ? null : AddressPrefix.parse(words[i]);
        i++;
      }
      if (i < words.length) {
        if (!words[i].equalsIgnoreCase("key") || i + 2 != words.length) {
          throw new IllegalArgumentException(
              "ACL rule '" + text + "': expected ADDRESS[/LEN], 'any', 'key NAME' or ADDRESS key NAME");
        }
        try {
          key = Name.fromString(words[i + 1], Name.root);
        } catch (TextParseException e) {
          throw new IllegalArgumentException("ACL rule '" + text + "': bad key name", e);
        }
      }
      if (words.length == 0 || words[0].isEmpty()) {
        throw new IllegalArgumentException("empty ACL rule");
      }
      return new Rule(prefix, key);
    }

    @Override
    public String toString() {
      return (prefix == null ? "any" : prefix.toString()) + (key == null ? "" : " key " + key);
    }
  }

  private static final Acl NONE = new Acl(List.of());

  private final List<Rule> rules;

  private Acl(List<Rule> rules) {
    this.rules = List.copyOf(rules);
  }

  public static Acl denyAll() {
    return NONE;
  }

  public static Acl of(List<Rule> rules) {
    return new Acl(rules);
  }

  public static Acl parse(List<String> rules) {
    List<Rule> out = new ArrayList<>();
    for (String r : rules) {
      out.add(Rule.parse(r));
    }
    return new Acl(out);
  }

  /** True when some rule admits a client at {@code address} that proved {@code verifiedKey}. */
  public boolean allows(InetAddress address, Name verifiedKey) {
    for (Rule r : rules) {
      if (r.matches(address, verifiedKey)) {
        return true;
      }
    }
    return false;
  }

  public List<Rule> rules() {
    return rules;
  }

  @Override
  public String toString() {
    return rules.toString();
  }
}
