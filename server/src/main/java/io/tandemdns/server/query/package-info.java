/**
 * The transport-independent query pipeline: {@link io.tandemdns.server.query.QueryProcessor}
 * takes the bytes of one message and returns the bytes of its response (or nothing).
 *
 * <p>Gates, in order (each returns early):
 *
 * <ol>
 *   <li>shorter than a header → dropped; QR=1 → dropped (RFC 1035 §4.1.1);
 *   <li>opcode other than QUERY → NOTIMP, question echoed if readable (NSD's order; NOTIFY will
 *       be dispatched here);
 *   <li>malformed → FORMERR: QDCOUNT ≠ 1, truncated question or record, bad label type, name
 *       over 255 octets, any compression pointer in the question name (it can only point at the
 *       header or loop), pointers elsewhere that do not point strictly backwards, bytes after the
 *       last counted record (BIND and Knot agree), two OPTs, an OPT outside the additional
 *       section or not owned by the root, option lengths overrunning the OPT (RFC 6891 §6.1).
 *       The question is echoed when it was read completely, the OPT whenever the query had one
 *       (RFC 6891 §7; Knot omits it);
 *   <li>EDNS version &gt; 0 → BADVERS (RFC 6891 §6.1.3);
 *   <li>AXFR/IXFR → REFUSED until zone-sync serves them;
 *   <li>class IN → lookup; class CH → version/identity TXT answers; anything else → REFUSED.
 *       (Knot answers QCLASS ANY from IN data; we refuse it.)
 * </ol>
 *
 * <p>Records in the answer and authority sections of a query are skipped, as Knot and BIND do.
 */
package io.tandemdns.server.query;
