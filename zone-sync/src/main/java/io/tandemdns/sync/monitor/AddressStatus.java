package io.tandemdns.sync.monitor;

import java.time.Duration;
import java.time.Instant;

/**
 * One nameserver address as judged in one round.
 *
 * @param lag how far its serial is behind the round's highest (RFC 1982 distance), or -1 when it
 *     gave no serial
 * @param badSince when it was first seen not OK in the current run of bad rounds, or null
 * @param alerting the threshold has passed and the WARN line was written
 */
public record AddressStatus(Observation observation, State state, long lag, Instant badSince, boolean alerting) {

  public enum State {
    /** Authoritative answer with the highest serial. */
    OK,
    /** Authoritative answer with an older serial. */
    BEHIND,
    /** Answered, but without AA (RFC 1035 §4.1.1) or without the zone's SOA: a lame delegation. */
    LAME,
    /** No answer within the timeout, or an error rcode. */
    DOWN
  }

  public boolean ok() {
    return state == State.OK;
  }

  /** How long it has been bad at {@code now} (zero when OK). */
  public Duration badFor(Instant now) {
    return badSince == null ? Duration.ZERO : Duration.between(badSince, now);
  }

  /** A short human description: "in sync", "3 behind", "timeout", "not authoritative". */
  public String describe() {
    return switch (state) {
      case OK -> "in sync";
      case BEHIND -> lag + " behind";
      case LAME -> observation.error() != null ? observation.error() : "not authoritative (no AA)";
      case DOWN -> observation.error() != null ? observation.error() : "no answer";
    };
  }
}
