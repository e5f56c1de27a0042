/**
 * Response encoding and caching. {@link io.tandemdns.server.response.ResponseEncoder} turns an
 * answer into bytes for one size limit; {@link io.tandemdns.server.response.ResponseCache} keeps
 * them under a {@link io.tandemdns.server.response.ResponseKey}; {@link
 * io.tandemdns.server.response.ResponseWriter} copies them out with the per-client parts (ID,
 * RD/CD, qname case, NSID; cookies later) patched. Per-client OPT options shrink the size limit
 * the response is encoded for by their length, and that limit is part of the key, so appending
 * them never pushes a response over the client's limit.
 */
package io.tandemdns.server.response;
