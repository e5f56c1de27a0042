package io.tandemdns.server.rrl;

/** What to do with one UDP response. */
public enum Decision {
  /** Send it as it is. */
  SEND,
  /** Send an empty TC=1 response instead, so a real resolver retries over TCP. */
  SLIP,
  /** Send nothing. */
  DROP
}
