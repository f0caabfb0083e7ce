// Delivery of encoded events: UDP fire-and-forget, or HTTP with the collector's acknowledgement.

import { CliError } from './errors.ts'
import { httpBase, type Destination } from './destination.ts'
import { retryWait } from './retry.ts'
import { udpSender } from './udp-sender.ts'

/** Sends one datagram. Resolves when the kernel took it; nothing tells whether anyone listens. */
export async function sendUdp(bytes: Uint8Array, to: Destination): Promise<void> {
  const sender = udpSender(to)
  try {
    await sender.send(bytes)
  } finally {
    sender.close()
  }
}

export interface HttpAnswer {
  accepted: number
  refused: { index: number; reason: string; detail: string }[]
}

/** A POST and its answer, read whole. */
export interface Posted {
  status: number
  statusText: string
  retryAfter: string | null
  text: string
}

/** How a body is POSTed: fetch by default; a big import passes one that does not copy its bodies (import-post.ts). */
export type Post = (url: string, headers: Record<string, string>, body: Uint8Array, timeoutMs: number) => Promise<Posted>

const postWithFetch: Post = async (url, headers, body, timeoutMs) => {
  const response = await fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(timeoutMs) })
  const text = await response.text()
  return { status: response.status, statusText: response.statusText, retryAfter: response.headers.get('retry-after'), text }
}

/**
 * POSTs a batch (msgpack unless `contentType` says otherwise) and waits until the collector says it is durable. A 503 (queue full, or stopping:
 * nothing stored) is tried again after a back-off (retry.ts), within `timeoutMs` in all.
 */
export async function sendHttp(
  bytes: Uint8Array,
  to: Destination,
  options: { timeoutMs: number; token?: string | undefined; contentType?: string; post?: Post },
): Promise<HttpAnswer> {
  const url = `${httpBase(to)}/api/events`
  const headers: Record<string, string> = { 'content-type': options.contentType ?? 'application/msgpack' }
  if (options.token) headers.authorization = `Bearer ${options.token}`
  const post = options.post ?? postWithFetch
  const deadline = Date.now() + options.timeoutMs
  let response: Posted
  for (let attempt = 1; ; attempt++) {
    const left = deadline - Date.now()
    try {
      response = await post(url, headers, bytes, Math.max(1, left))
    } catch (error) {
      throw new CliError(`could not deliver to ${url}: ${describe(error)}${tries(attempt)}`)
    }
    if (response.status !== 503) break
    const wait = retryWait(attempt, response.retryAfter)
    if (Date.now() + wait >= deadline) break
    await sleep(wait)
  }
  const { text } = response
  const answer = parseAnswer(text)
  if (response.status < 200 || response.status > 299) {
    const why = answer?.refused.map((r) => r.detail).join('; ') || answer?.message || text.trim() || response.statusText
    const busy = response.status === 503 ? ' (busy: still 503 when --timeout ran out; raise --timeout, or check the collector)' : ''
    throw new CliError(`collector at ${url} refused the event (HTTP ${response.status}): ${why}${busy}`)
  }
  return answer ?? { accepted: 0, refused: [] }
}

function parseAnswer(text: string): (HttpAnswer & { message?: string }) | undefined {
  try {
    const value = JSON.parse(text) as Partial<HttpAnswer> & { message?: unknown }
    const answer = { accepted: Number(value.accepted ?? 0), refused: Array.isArray(value.refused) ? value.refused : [] }
    return typeof value.message === 'string' ? { ...answer, message: value.message } : answer
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

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const tries = (attempt: number) => (attempt > 1 ? ` (${attempt} attempts)` : '')
