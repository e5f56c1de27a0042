package io.tandemdns.sync.refresh;

import java.time.Duration;

/**
 * Clamps for the SOA timers (RFC 1035 §3.3.13 REFRESH, RETRY, EXPIRE), so a zone with silly
 * values neither hammers its primary nor waits a month (BIND's min/max-refresh-time, Knot's
 * refresh-min/max-interval). Defaults keep refresh at 60 s or more; tests may lower the
 * minimums to 1 s to exercise refresh, retry and expire in seconds.
 */
public record TimerLimits(Duration minRefresh, Duration maxRefresh, Duration minRetry,
    Duration maxRetry, Duration minExpire, Duration maxExpire) {
  public static final TimerLimits DEFAULT = new TimerLimits(
      Duration.ofSeconds(60), Duration.ofDays(1),
      Duration.ofSeconds(10), Duration.ofDays(1),
      Duration.ofMinutes(10), Duration.ofDays(90));

  public TimerLimits {
    check("refresh", minRefresh, maxRefresh);
    check("retry", minRetry, maxRetry);
    check("expire", minExpire, maxExpire);
  }

  private static void check(String what, Duration min, Duration max) {
    if (min.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new IllegalArgumentException("minimum " + what + " must be at least 1 s, got " + min);
    }
    if (max.compareTo(min) < 0) {
      throw new IllegalArgumentException("maximum " + what + " " + max + " is below the minimum " + min);
    }
  }

  public Duration refresh(long soaSeconds) {
    return clamp(soaSeconds, minRefresh, maxRefresh);
  }

  public Duration retry(long soaSeconds) {
    return clamp(soaSeconds, minRetry, maxRetry);
  }

  public Duration expire(long soaSeconds) {
    return clamp(soaSeconds, minExpire, maxExpire);
  }

  private static Duration clamp(long seconds, Duration min, Duration max) {
    Duration d = Duration.ofSeconds(Math.max(0, seconds));
    return d.compareTo(min) < 0 ? min : d.compareTo(max) > 0 ? max : d;
  }
}
