// Delivery of encoded events: UDP fire-and-forget, or HTTP with the collector's acknowledgement.

import { createSocket } from 'node:dgram'
import { isIPv6 } from 'node:net'
import { CliError } from './errors.ts'
import { httpBase, type Destination } from './destination.ts'

/** Sends one datagram. Resolves when the kernel took it; nothing tells whether anyone listens. */
export function sendUdp(bytes: Uint8Array, to: Destination): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = createSocket(isIPv6(to.host) ? 'udp6' : 'udp4')
    socket.on('error', (error) => {
      socket.close()
      reject(error)
    })
    socket.send(bytes, to.port, to.host, (error) => {
      socket.close()
      if (error) reject(error)
      else resolve()
    })
  })
}

export interface HttpAnswer {
  accepted: number
  refused: { index: number; reason: string; detail: string }[]
}

/** POSTs a msgpack batch and waits until the collector says it is durable. */
export async function sendHttp(
  bytes: Uint8Array,
  to: Destination,
  options: { timeoutMs: number; token?: string | undefined },
): Promise<HttpAnswer> {
  const url = `${httpBase(to)}/api/events`
  const headers: Record<string, string> = { 'content-type': 'application/msgpack' }
  if (options.token) headers.authorization = `Bearer ${options.token}`
  let response: Response
  try {
    response = await fetch(url, {
      method: 'POST',
      headers,
      body: bytes,
      signal: AbortSignal.timeout(options.timeoutMs),
    })
  } catch (error) {
    throw new CliError(`could not deliver to ${url}: ${describe(error)}`)
  }
  const text = await response.text()
  const answer = parseAnswer(text)
  if (!response.ok) {
    const why = answer?.refused.map((r) => r.detail).join('; ') || text.trim() || response.statusText
    throw new CliError(`collector at ${url} refused the event (HTTP ${response.status}): ${why}`)
  }
  return answer ?? { accepted: 0, refused: [] }
}

function parseAnswer(text: string): HttpAnswer | undefined {
  try {
    const value = JSON.parse(text) as Partial<HttpAnswer>
    return { accepted: Number(value.accepted ?? 0), refused: Array.isArray(value.refused) ? value.refused : [] }
  } catch {
    return undefined
  }
}

export function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as { cause?: unknown }).cause
    if (error.name === 'TimeoutError') return 'no answer in time'
    if (cause instanceof Error) return (cause as { code?: string }).code ?? cause.message
    return (error as { code?: string }).code ?? error.message
  }
  return String(error)
}
