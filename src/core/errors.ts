// The one error base of upto: a stable code says what went wrong, the message says it in words (what was
// wrong and what was expected). The CLI turns codes into exit codes (cli/errors.ts), the collector into HTTP
// statuses (http/responses.ts), each in one table; anything that is not an UptoError is a bug.

export type ErrorCode =
  /** The command line or a request was wrong: an unknown flag, a bad value. */
  | 'usage'
  /** The work failed: a delivery, a collector that cannot be reached. */
  | 'failure'
  | 'not_found'
  /** Nothing was stored, send again later: the ingest queue is full or closing, the store takes no writes. */
  | 'unavailable'
  /** The data folder is held by another collector. */
  | 'store_locked'
  | 'store_corrupt'
  | 'store_unreadable'
  /** A copy found different data under the same key. */
  | 'conflict'
  /** A port could not be bound. */
  | 'listen'

export class UptoError extends Error {
  override name = 'UptoError'
  readonly code: ErrorCode

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.code = code
  }
}

/** Why the collector could not listen: names the source (udp, http, a [sources.NAME]), address and the OS's reason. */
export class ListenError extends UptoError {
  override name = 'ListenError'
  readonly transport: string
  readonly host: string
  readonly port: number
  /** The OS error code, e.g. 'EADDRINUSE', 'EACCES', 'EADDRNOTAVAIL'. */
  readonly reason: string

  constructor(transport: string, host: string, port: number, cause: unknown) {
    const code = (cause as { code?: unknown } | null)?.code
    super('listen', `cannot listen on ${transport} ${host}:${port}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause })
    this.transport = transport
    this.host = host
    this.port = port
    this.reason = typeof code === 'string' ? code : 'ELISTEN'
  }
}
