package io.tandemdns.zone;

import org.xbill.DNS.Name;

/**
 * The authenticated-denial data of a signed zone (RFC 4035 §2.3 NSEC, RFC 5155 NSEC3), as the
 * lookup needs it to prove that names or types do not exist.
 */
public sealed interface DenialChain permits NsecChain, Nsec3Chain {}
