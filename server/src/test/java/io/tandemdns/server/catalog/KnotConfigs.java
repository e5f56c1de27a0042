package io.tandemdns.server.catalog;

/**
 * knot.conf bodies (after the server/control/database/log header, see {@link CatalogKnot}) for
 * the two Knot catalog roles the tests use. All transfers and NOTIFY are signed with the shared
 * key; addresses are 127.0.0.1 only.
 */
final class KnotConfigs {
  private KnotConfigs() {}

  /**
   * A primary of the given member zones (files {@code <name>.zone} in its directory) with
   * {@code catalog-role: generate} catalog {@code catalog.knot.} listing them (RFC 9432 §4).
   * A member written {@code "name:group"} gets {@code catalog-group: group} (§4.4.2). Every zone
   * (catalog included) sends NOTIFY to 127.0.0.1:{@code notifyPort}.
   */
  static String producer(int notifyPort, String... members) {
    StringBuilder sb = new StringBuilder(CatalogKnot.keySection())
        .append("remote:\n  - id: downstream\n    address: 127.0.0.1@").append(notifyPort)
        .append("\n    key: ").append(CatalogSupport.KEY).append('\n')
        .append(acl())
        .append("template:\n  - id: default\n    storage: \"@DIR@\"\n    file: \"%s.zone\"\n")
        .append("    zonefile-sync: -1\n    journal-content: changes\n    acl: [xfr]\n    notify: downstream\n")
        .append("zone:\n  - domain: catalog.knot.\n    catalog-role: generate\n");
    for (String m : members) {
      String[] nameGroup = m.split(":", 2);
      sb.append("  - domain: ").append(nameGroup[0]).append("\n    catalog-role: member\n")
          .append("    catalog-zone: catalog.knot.\n");
      if (nameGroup.length == 2) {
        sb.append("    catalog-group: ").append(nameGroup[1]).append('\n');
      }
    }
    return sb.toString();
  }

  /**
   * A consumer ({@code catalog-role: interpret}) of {@code catalog} pulled from
   * 127.0.0.1:{@code primaryPort}; its members use template {@code t} (master: the same primary),
   * or template {@code premium} (same primary) for members in group "premium" (Knot maps group
   * property values to template ids, RFC 9432 §4.4.2).
   */
  static String interpreter(String catalog, int primaryPort) {
    return CatalogKnot.keySection()
        + "remote:\n  - id: upstream\n    address: 127.0.0.1@" + primaryPort + "\n    key: " + CatalogSupport.KEY + "\n"
        + acl()
        + "template:\n"
        + "  - id: default\n    storage: \"@DIR@\"\n    zonefile-sync: -1\n"
        + "  - id: t\n    storage: \"@DIR@\"\n    zonefile-sync: -1\n    master: upstream\n    acl: [xfr]\n"
        + "  - id: premium\n    storage: \"@DIR@\"\n    zonefile-sync: -1\n    master: upstream\n    acl: [xfr]\n"
        + "zone:\n  - domain: " + catalog + "\n    master: upstream\n    acl: [xfr]\n"
        + "    catalog-role: interpret\n    catalog-template: [t, premium]\n";
  }

  /** Transfers out and NOTIFY in, both only from 127.0.0.1 with the shared key. */
  private static String acl() {
    return "acl:\n  - id: xfr\n    address: 127.0.0.1\n    key: " + CatalogSupport.KEY
        + "\n    action: [transfer, notify]\n";
  }
}
