package io.tandemdns.server.cli;

import io.tandemdns.server.TandemServer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import sun.misc.Signal;

/**
 * Signals of a foreground server: HUP reloads zone files (off the event loops), TERM and INT stop
 * it. Handling TERM/INT ourselves (rather than only in a shutdown hook) lets the server close its
 * sockets and log while logging still works, and exit with status 0.
 */
final class ShutdownSignals {
  private static final Logger LOG = LogManager.getLogger(ShutdownSignals.class);

  private final CompletableFuture<String> stop = new CompletableFuture<>();

  private ShutdownSignals() {}

  static ShutdownSignals install(TandemServer server) {
    ShutdownSignals s = new ShutdownSignals();
    handle("HUP", sig -> {
      LOG.info("SIGHUP received, re-reading the configuration and zone files");
      // Config errors are logged by reconfigure() and leave the running configuration in place.
      server.reconfigureAsync();
    });
    handle("TERM", sig -> s.stop.complete("SIGTERM"));
    handle("INT", sig -> s.stop.complete("SIGINT"));
    return s;
  }

  private static void handle(String name, sun.misc.SignalHandler handler) {
    try {
      Signal.handle(new Signal(name), handler);
    } catch (IllegalArgumentException e) {
      // Not on this platform, or reserved by the JVM (-Xrs): the shutdown hook still closes.
      LOG.debug("cannot handle SIG{}: {}", name, e.getMessage());
    }
  }

  /** Blocks until TERM or INT; returns the signal's name. */
  String await() throws InterruptedException {
    try {
      return stop.get();
    } catch (ExecutionException e) {
      throw new IllegalStateException(e);
    }
  }
}
