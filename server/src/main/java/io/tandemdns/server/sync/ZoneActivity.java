package io.tandemdns.server.sync;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The last NOTIFY in and out of one zone, for the zone status (issue 6: "last NOTIFY in/out").
 * Written by the event loop (in) and the NOTIFY threads (out); each event is one immutable
 * record swapped in, so a reader never sees half of one.
 */
public final class ZoneActivity {
  /** One NOTIFY: when, with whom, and what came of it. */
  public record Event(Instant at, String peer, String result) {}

  private volatile Event notifyIn;
  private volatile Event notifyOut;

  void notifyIn(InetSocketAddress from, String result) {
    notifyIn = new Event(Instant.now(), show(from), result);
  }

  void notifyOut(InetSocketAddress to, String result) {
    notifyOut = new Event(Instant.now(), show(to), result);
  }

  public Event lastNotifyIn() {
    return notifyIn;
  }

  public Event lastNotifyOut() {
    return notifyOut;
  }

  /** The status fields ({@code last_notify_in}, {@code last_notify_out}); absent when none happened. */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    put(m, "last_notify_in", notifyIn);
    put(m, "last_notify_out", notifyOut);
    return m;
  }

  private static void put(Map<String, Object> m, String key, Event e) {
    if (e != null) {
      Map<String, Object> v = new LinkedHashMap<>();
      v.put("at", e.at().toString());
      v.put("peer", e.peer());
      v.put("result", e.result());
      m.put(key, v);
    }
  }

  private static String show(InetSocketAddress a) {
    return a.getAddress().getHostAddress() + "#" + a.getPort();
  }
}
