package io.tandemdns.server.control;

import java.util.Map;
import org.xbill.DNS.Name;

/** What the control API's POST calls do; each returns a JSON-able result map. */
public interface ZoneActions {
  /** Re-reads the config file (zones added/removed) and changed zone files. */
  Map<String, Object> reload() throws ActionException;

  Map<String, Object> reloadZone(Name zone) throws ActionException;

  /** A secondary checks its primaries now. */
  Map<String, Object> refresh(Name zone) throws ActionException;

  /** NOTIFY the zone's secondaries now. */
  Map<String, Object> notify(Name zone) throws ActionException;

  /** A refusal with the HTTP status to answer. */
  final class ActionException extends Exception {
    private final int status;

    public ActionException(int status, String message) {
      super(message);
      this.status = status;
    }

    public int status() {
      return status;
    }
  }
}
