package io.tandemdns.sync.journal;

/**
 * How much history a journal keeps. When either bound is exceeded the oldest diffs go first;
 * a client older than the oldest kept diff gets an AXFR-style answer (RFC 1995 §2).
 */
public record JournalLimits(int maxEntries, long maxBytes) {
  public static final JournalLimits DEFAULT = new JournalLimits(100, 16L << 20);

  public JournalLimits {
    if (maxEntries < 1) {
      throw new IllegalArgumentException("journal max entries must be at least 1, got " + maxEntries);
    }
    if (maxBytes < 1) {
      throw new IllegalArgumentException("journal max bytes must be at least 1, got " + maxBytes);
    }
  }
}
