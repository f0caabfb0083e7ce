// Limits on what the collector accepts. Written down in proto/limits.md; change both together.

export const limits = Object.freeze({
  /** Largest UDP payload over IPv4; a larger datagram cannot arrive whole. */
  datagramBytes: 65_507,
  /** Largest HTTP request body. */
  bodyBytes: 1_048_576,
  /** Largest HTTP request head (request line and headers); beyond it node answers 431. */
  headerBytes: 16_384,
  /** Longest wait for a request's headers, then for the whole request (body included). */
  headersMillis: 10_000,
  requestMillis: 60_000,
  /** Most events in one datagram or one HTTP request. */
  batchItems: 1_000,
  contextBytes: 200,
  timelineBytes: 200,
  nameBytes: 1_024,
  nameSegments: 32,
  hostBytes: 255,
  statusBytes: 64,
  messageBytes: 4_096,
  idBytes: 128,
  attrsCount: 64,
  attrKeyBytes: 128,
  attrValueBytes: 1_024,
  /** Event times must lie in [1970-01-01, receive time + this]. */
  futureMillis: 366 * 24 * 3600 * 1000,
})
