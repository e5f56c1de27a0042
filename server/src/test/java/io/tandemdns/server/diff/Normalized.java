package io.tandemdns.server.diff;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.xbill.DNS.DClass;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * A response reduced to what the differential suite compares, so that two servers' answers
 * can be diffed aspect by aspect.
 *
 * <p>Normalization, and why each step is legitimate:
 *
 * <ul>
 *   <li>Sections become <em>sets of RRsets</em>: RR order inside a section carries no meaning
 *       (RFC 2181 §5), and servers rotate or sort RRsets differently.
 *   <li>Owner names, and domain names inside RDATA, are lower-cased: names compare
 *       case-insensitively (RFC 4343 §3); a server may echo the query's case into owners it
 *       compresses against the question. Character strings (TXT, HINFO, CAA ...) keep their
 *       case: it is data.
 *   <li>TTLs are kept and compared.
 *   <li>The question is kept exactly, case included: it must be the query's (RFC 1035 §7.3).
 *   <li>The OPT record is taken out of the additional section and compared on its own: EDNS
 *       version, DO bit, advertised payload and the option codes (padding, code 12, is
 *       dropped: its presence is a transport policy, RFC 7830 §3).
 * </ul>
 *
 * @param answered false when the server sent nothing (a legitimate outcome for some inputs)
 * @param rcode the full RCODE including the OPT extension (RFC 6891 §6.1.3)
 * @param flags the header flags that are set, in a fixed order (qr aa tc rd ra ad cd)
 */
public record Normalized(
    boolean answered,
    int id,
    int opcode,
    int rcode,
    String flags,
    String question,
    Set<String> answer,
    Set<String> authority,
    Set<String> additional,
    String opt,
    String text) {

  public static final Normalized NO_ANSWER =
      new Normalized(false, -1, -1, -1, "", "", Set.of(), Set.of(), Set.of(), "", "(no answer)");

  /** Types whose RDATA holds character strings whose case is data, not a name. */
  private static final Set<Integer> CASE_SENSITIVE_RDATA =
      Set.of(Type.TXT, Type.SPF, Type.HINFO, Type.CAA, Type.NAPTR);

  private static final int[] FLAG_ORDER = {Flags.QR, Flags.AA, Flags.TC, Flags.RD, Flags.RA, Flags.AD, Flags.CD};

  public static Normalized of(Message m) {
    Header h = m.getHeader();
    List<String> set = new ArrayList<>();
    for (int f : FLAG_ORDER) {
      if (h.getFlag(f)) {
        set.add(Flags.string(f));
      }
    }
    String question = m.getSection(Section.QUESTION).stream()
        .map(r -> r.getName() + " " + DClass.string(r.getDClass()) + " " + Type.string(r.getType()))
        .collect(Collectors.joining("; "));
    List<Record> additional = new ArrayList<>();
    List<OPTRecord> opts = new ArrayList<>();
    for (Record r : m.getSection(Section.ADDITIONAL)) {
      if (r instanceof OPTRecord o) {
        opts.add(o);
      } else {
        additional.add(r);
      }
    }
    return new Normalized(
        true,
        h.getID(),
        h.getOpcode(),
        m.getRcode(),
        String.join(" ", set),
        question,
        rrsets(m.getSection(Section.ANSWER)),
        rrsets(m.getSection(Section.AUTHORITY)),
        rrsets(additional),
        opts.stream().map(Normalized::opt).collect(Collectors.joining("; ")),
        m.toString());
  }

  public boolean hasFlag(int flag) {
    return (" " + flags + " ").contains(" " + Flags.string(flag) + " ");
  }

  public String rcodeName() {
    return answered ? Rcode.string(rcode) : "(none)";
  }

  /** RRsets keyed by owner, class and type; each rendered with its sorted RDATA and TTLs. */
  public static Set<String> rrsets(List<Record> records) {
    Map<String, Set<String>> byKey = new TreeMap<>();
    for (Record r : records) {
      String key = r.getName().toString().toLowerCase(Locale.ROOT)
          + " " + DClass.string(r.getDClass()) + " " + Type.string(r.getType());
      String rdata = r.rdataToString();
      if (!CASE_SENSITIVE_RDATA.contains(r.getType())) {
        rdata = rdata.toLowerCase(Locale.ROOT);
      }
      byKey.computeIfAbsent(key, k -> new TreeSet<>()).add("ttl=" + r.getTTL() + " " + rdata);
    }
    Set<String> out = new TreeSet<>();
    byKey.forEach((k, v) -> out.add(k + " " + v));
    return out;
  }

  private static String opt(OPTRecord o) {
    List<Integer> codes = new ArrayList<>();
    for (EDNSOption e : o.getOptions()) {
      if (e.getCode() != EDNSOption.Code.PADDING) {
        codes.add(e.getCode());
      }
    }
    boolean dnssecOk = (o.getFlags() & ExtendedFlags.DO) != 0;
    String owner = o.getName().isAbsolute() && o.getName().labels() == 1 ? "" : " owner=" + o.getName();
    return "OPT v" + o.getVersion() + " udp=" + o.getPayloadSize() + (dnssecOk ? " do" : "")
        + " options=" + codes + owner;
  }

  /** This response with one header flag taken out (for a per-case flag tolerance). */
  Normalized withoutFlag(int flag) {
    String f = (" " + flags + " ").replace(" " + Flags.string(flag) + " ", " ").trim();
    return new Normalized(answered, id, opcode, rcode, f, question, answer, authority, additional, opt, text);
  }

  /** This response with one EDNS option code dropped from the OPT summary. */
  Normalized withoutOption(int code) {
    String o = opt.replace("[" + code + "]", "[]").replace("[" + code + ", ", "[").replace(", " + code + "]", "]")
        .replace(", " + code + ",", ",");
    return new Normalized(answered, id, opcode, rcode, flags, question, answer, authority, additional, o, text);
  }

  /** The aspects a comparison looks at; a tolerance may leave some out. */
  public enum Aspect {
    ANSWERED, OPCODE, RCODE, FLAGS, QUESTION, ANSWER, AUTHORITY, ADDITIONAL, OPT
  }

  /** Differences between this (Knot) and other (Tandem) on the given aspects, one line each. */
  public List<String> diff(Normalized other, Set<Aspect> aspects) {
    List<String> out = new ArrayList<>();
    if (aspects.contains(Aspect.ANSWERED) && answered != other.answered) {
      out.add("answered: knot=" + answered + " tandem=" + other.answered);
      return out;
    }
    if (!answered || !other.answered) {
      return out;
    }
    check(out, aspects, Aspect.OPCODE, Opcode.string(opcode), Opcode.string(other.opcode));
    check(out, aspects, Aspect.RCODE, rcodeName(), other.rcodeName());
    check(out, aspects, Aspect.FLAGS, flags, other.flags);
    check(out, aspects, Aspect.QUESTION, question, other.question);
    checkSet(out, aspects, Aspect.ANSWER, answer, other.answer);
    checkSet(out, aspects, Aspect.AUTHORITY, authority, other.authority);
    checkSet(out, aspects, Aspect.ADDITIONAL, additional, other.additional);
    check(out, aspects, Aspect.OPT, opt, other.opt);
    return out;
  }

  private static void check(List<String> out, Set<Aspect> aspects, Aspect a, Object knot, Object tandem) {
    if (aspects.contains(a) && !Objects.equals(knot, tandem)) {
      out.add(a.name().toLowerCase(Locale.ROOT) + ": knot=[" + knot + "] tandem=[" + tandem + "]");
    }
  }

  private static void checkSet(
      List<String> out, Set<Aspect> aspects, Aspect a, Set<String> knot, Set<String> tandem) {
    if (!aspects.contains(a) || knot.equals(tandem)) {
      return;
    }
    Set<String> onlyKnot = new TreeSet<>(knot);
    onlyKnot.removeAll(tandem);
    Set<String> onlyTandem = new TreeSet<>(tandem);
    onlyTandem.removeAll(knot);
    out.add(a.name().toLowerCase(Locale.ROOT) + ": only knot=" + onlyKnot + " only tandem=" + onlyTandem);
  }
}
