package io.tandemdns.server.querylog;

import io.netty.buffer.ByteBuf;
import io.tandemdns.server.query.QueryLogHook;
import io.tandemdns.server.query.Transport;
import java.net.InetSocketAddress;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.Logger;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AsyncAppender;
import org.apache.logging.log4j.core.appender.ConsoleAppender;
import org.apache.logging.log4j.core.appender.FileAppender;
import org.apache.logging.log4j.core.config.AppenderRef;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.layout.template.json.JsonTemplateLayout;
import org.apache.logging.log4j.message.StringMapMessage;
import org.xbill.DNS.DNSInput;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;
import org.xbill.DNS.WireParseException;

/**
 * Sampled query log: one JSON line per sampled query through Log4j 2's JSON template layout.
 * The sampling decision is one thread-local random number; only sampled queries are parsed
 * and logged, through a non-blocking {@link AsyncAppender} (a full queue drops the line rather
 * than stalling the event loop).
 */
public final class QueryLog implements QueryLogHook, AutoCloseable {
  public static final String LOGGER = "io.tandemdns.querylog";
  private static final AtomicInteger INSTANCES = new AtomicInteger();
  private static final String TEMPLATE = "{\"time\":{\"$resolver\":\"timestamp\",\"pattern\":"
      + "{\"format\":\"yyyy-MM-dd'T'HH:mm:ss.SSS'Z'\",\"timeZone\":\"UTC\"}},"
      + "\"query\":{\"$resolver\":\"message\",\"stringified\":false}}";
  private static final int HEADER = 12;

  private final int sample;
  private final Logger logger;
  private final LoggerContext context;
  private final String loggerName;
  private final Appender target;
  private final AsyncAppender async;

  private QueryLog(int sample, Logger logger, LoggerContext context, String loggerName, Appender target,
      AsyncAppender async) {
    this.sample = sample;
    this.logger = logger;
    this.context = context;
    this.loggerName = loggerName;
    this.target = target;
    this.async = async;
  }

  /** Adds the JSON appender chain to the running Log4j configuration. */
  public static QueryLog start(QueryLogSettings settings) {
    LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
    Configuration cfg = ctx.getConfiguration();
    int n = INSTANCES.incrementAndGet();
    String name = "querylog-" + n;
    JsonTemplateLayout layout = JsonTemplateLayout.newBuilder().setConfiguration(cfg).setEventTemplate(TEMPLATE).build();
    Appender target = settings.file() == null
        ? ConsoleAppender.newBuilder().setName(name + "-out").setLayout(layout).setConfiguration(cfg).build()
        : FileAppender.newBuilder().setName(name + "-out").withFileName(settings.file().toString())
            .setLayout(layout).setConfiguration(cfg).build();
    target.start();
    cfg.addAppender(target);
    AsyncAppender async = AsyncAppender.newBuilder().setName(name)
        .setAppenderRefs(new AppenderRef[] {AppenderRef.createAppenderRef(target.getName(), null, null)})
        .setConfiguration(cfg).setBlocking(false).setBufferSize(8192).build();
    async.start();
    cfg.addAppender(async);
    // One logger per instance (several servers may run in one JVM in tests).
    String loggerName = n == 1 ? LOGGER : LOGGER + "." + n;
    LoggerConfig lc = LoggerConfig.newBuilder().withLoggerName(loggerName).withLevel(Level.INFO)
        .withAdditivity(false).withConfig(cfg).build();
    lc.addAppender(async, Level.INFO, null);
    cfg.addLogger(loggerName, lc);
    ctx.updateLoggers();
    return new QueryLog(settings.sample(), ctx.getLogger(loggerName), ctx, loggerName, target, async);
  }

  @Override
  public void answered(ByteBuf query, InetSocketAddress client, Transport transport, ByteBuf response, long nanos) {
    if (sample > 1 && ThreadLocalRandom.current().nextInt(sample) != 0) {
      return;
    }
    StringMapMessage m = new StringMapMessage(8);
    m.put("client", client.getAddress().getHostAddress());
    m.put("port", Integer.toString(client.getPort()));
    m.put("transport", transport.name());
    question(query, m);
    int ri = response.readerIndex();
    if (response.readableBytes() >= HEADER) {
      m.put("rcode", Rcode.string(response.getUnsignedByte(ri + 3) & 0x0F));
      m.put("tc", Boolean.toString((response.getUnsignedByte(ri + 2) & 0x02) != 0));
    }
    m.put("size", Integer.toString(response.readableBytes()));
    m.put("micros", Long.toString(nanos / 1_000));
    logger.info(m);
  }

  private static void question(ByteBuf query, StringMapMessage m) {
    int ri = query.readerIndex();
    if (query.readableBytes() <= HEADER || query.getUnsignedShort(ri + 4) != 1) {
      return;
    }
    byte[] bytes = new byte[query.readableBytes() - HEADER];
    query.getBytes(ri + HEADER, bytes);
    try {
      DNSInput in = new DNSInput(bytes);
      m.put("qname", new Name(in).toString());
      m.put("qtype", Type.string(in.readU16()));
    } catch (WireParseException e) {
      m.put("qname", "(unreadable)");
    }
  }

  @Override
  public void close() {
    Configuration cfg = context.getConfiguration();
    cfg.removeLogger(loggerName);
    context.updateLoggers();
    async.stop();
    target.stop();
  }
}
