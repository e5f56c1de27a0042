package io.tandemdns.server.robust;

import java.util.ArrayList;
import java.util.List;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/**
 * Captures Netty's leak reports. Netty's {@code ResourceLeakDetector} logs every leaked buffer
 * at ERROR ("LEAK: ...") through its logger, which ends in Log4j 2 (via SLF4J); a logger config
 * for exactly that logger with an extra appender collects them without touching anyone else's
 * logging. Works however early Netty's classes were loaded by other tests in the same JVM.
 */
final class LeakLog implements AutoCloseable {
  private static final String LOGGER = "io.netty.util.ResourceLeakDetector";

  private final List<String> leaks = new ArrayList<>();
  private final LoggerContext context;
  private final Capture appender;
  private final LoggerConfig previous;

  private LeakLog() {
    context = (LoggerContext) LogManager.getContext(false);
    Configuration config = context.getConfiguration();
    appender = new Capture();
    appender.start();
    config.addAppender(appender);
    previous = config.getLoggers().get(LOGGER);
    // Not additive: the deliberate canary leak would otherwise print a scary "LEAK:" trace; real
    // leaks are shown in the failing assertion instead.
    LoggerConfig mine = new LoggerConfig(LOGGER, Level.ERROR, false);
    mine.addAppender(appender, Level.ERROR, null);
    config.addLogger(LOGGER, mine);
    context.updateLoggers();
  }

  static LeakLog install() {
    return new LeakLog();
  }

  synchronized List<String> leaks() {
    return List.copyOf(leaks);
  }

  synchronized void clear() {
    leaks.clear();
  }

  @Override
  public void close() {
    Configuration config = context.getConfiguration();
    config.removeLogger(LOGGER);
    if (previous != null) {
      config.addLogger(LOGGER, previous);
    }
    context.updateLoggers();
    appender.stop();
  }

  private final class Capture extends AbstractAppender {
    Capture() {
      super("robustness-leak-capture", null, null, true, Property.EMPTY_ARRAY);
    }

    @Override
    public void append(LogEvent event) {
      String msg = event.getMessage().getFormattedMessage();
      if (msg.contains("LEAK")) {
        synchronized (LeakLog.this) {
          leaks.add(msg);
        }
      }
    }
  }
}
