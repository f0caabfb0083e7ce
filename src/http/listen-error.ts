// Why the collector could not listen: names the source (udp, http, a [sources.NAME]), address and the OS's reason.

export class ListenError extends Error {
  override name = 'ListenError'
  readonly transport: string
  readonly host: string
  readonly port: number
  /** The OS error code, e.g. 'EADDRINUSE', 'EACCES', 'EADDRNOTAVAIL'. */
  readonly code: string

  constructor(transport: string, host: string, port: number, cause: unknown) {
    const code = (cause as { code?: unknown } | null)?.code
    const reason = cause instanceof Error ? cause.message : String(cause)
    super(`cannot listen on ${transport} ${host}:${port}: ${reason}`, { cause })
    this.transport = transport
    this.host = host
    this.port = port
    this.code = typeof code === 'string' ? code : 'ELISTEN'
  }
}
