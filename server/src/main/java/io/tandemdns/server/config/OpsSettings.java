package io.tandemdns.server.config;

import io.tandemdns.server.control.ControlSettings;
import io.tandemdns.server.querylog.QueryLogSettings;
import io.tandemdns.sync.monitor.MonitorSettings;

/** Operating the server: admin endpoint, NS-set consistency monitor, query log (issue 6). */
public record OpsSettings(ControlSettings control, MonitorSettings monitor, QueryLogSettings queryLog) {
  public static final OpsSettings NONE =
      new OpsSettings(ControlSettings.disabled(), MonitorSettings.disabled(), QueryLogSettings.off());

  public OpsSettings withControl(ControlSettings c) {
    return new OpsSettings(c, monitor, queryLog);
  }

  public OpsSettings withMonitor(MonitorSettings m) {
    return new OpsSettings(control, m, queryLog);
  }

  public OpsSettings withQueryLog(QueryLogSettings q) {
    return new OpsSettings(control, monitor, q);
  }
}
