// Push mode: the buffer's oldest events to the collector's POST /api/events, a batch at a time. A batch leaves
// the buffer only once the collector said it is durable; while the collector is down the same batch is sent
// again after a growing wait. Events it refuses as invalid are counted and dropped with the batch.

import type { AgentCounters } from '../counters.ts'
import { countReason } from '../counters.ts'
import type { Backoff } from './backoff.ts'
import { type Outcome, readAnswer } from './collector-answer.ts'
import type { SegmentBuffer } from './segment-buffer.ts'
import { wireBody } from './wire-line.ts'

export interface PostAnswer {
  status: number
  body: string
  retryAfter: string | null
}

export interface AgentLog {
  info(message: string): void
  warn(message: string): void
}

export interface ForwarderOptions {
  buffer: SegmentBuffer
  /** POSTs a JSON body to the collector; rejects when there is no answer. */
  post(body: string, signal: AbortSignal): Promise<PostAnswer>
  /** Resolves after `ms`, or early when `signal` aborts. */
  sleep(ms: number, signal: AbortSignal): Promise<void>
  backoff: Backoff
  counters: AgentCounters
  log: AgentLog
  /** Most events in one request (the collector takes 1,000). */
  batchEvents?: number
  /** About the most bytes in one request (the collector takes 1 MiB). */
  batchBytes?: number
}

export interface Forwarder {
  /** Stops after the request in flight (aborted: its batch stays in the buffer). */
  stop(): Promise<void>
}

export function startForwarder(options: ForwarderOptions): Forwarder {
  const { buffer, counters, log, backoff } = options
  const most = options.batchEvents ?? 1000
  const mostBytes = options.batchBytes ?? 900 * 1024
  const stopping = new AbortController()
  let batchEvents = most
  let down: string | undefined
  let wake: (() => void) | undefined
  const unlisten = buffer.onAppend(() => wake?.())

  const waitForEvents = () => new Promise<void>((resolve) => {
    wake = resolve
    stopping.signal.addEventListener('abort', () => resolve(), { once: true })
  }).finally(() => { wake = undefined })

  const handle = (outcome: Outcome, last: number, sent: number): number | undefined => {
    if (outcome.kind === 'stored') {
      for (const r of outcome.refused) countReason(counters.refusedByCollector, r.reason)
      if (outcome.refused.length > 0) log.warn(`the collector refused ${outcome.refused.length} of ${sent} events as invalid (first: ${outcome.refused[0]!.reason}${outcome.refused[0]!.detail === undefined ? '' : `, ${outcome.refused[0]!.detail}`}): dropped`)
      counters.forwarded += sent - outcome.refused.length
      buffer.ack(last)
      backoff.reset()
      if (down !== undefined) log.info(`the collector takes events again; ${buffer.stats().pending} waiting`)
      down = undefined
      batchEvents = Math.min(most, batchEvents * 2)
      return undefined
    }
    if (outcome.kind === 'too_large') {
      if (sent === 1) {
        countReason(counters.refusedByCollector, 'too_large')
        log.warn('the collector refused one event as too large: dropped')
        buffer.ack(last)
        return undefined
      }
      batchEvents = Math.max(1, Math.floor(sent / 2))
      return undefined
    }
    counters.retries++
    const wait = outcome.afterMs ?? backoff.next()
    if (down === undefined) log.warn(`${outcome.why}; keeping ${buffer.stats().pending} events, sending again in ${wait} ms and on`)
    down = outcome.why
    return wait
  }

  const loop = async () => {
    while (!stopping.signal.aborted) {
      const batch = buffer.peek(batchEvents, mostBytes)
      if (batch.length === 0) {
        await waitForEvents()
        continue
      }
      const last = batch.at(-1)!.seq
      let outcome: Outcome
      try {
        const answer = await options.post(wireBody(batch.map((b) => b.line)), stopping.signal)
        outcome = readAnswer(answer.status, answer.body, answer.retryAfter)
      } catch (error) {
        if (stopping.signal.aborted) break
        outcome = { kind: 'retry', why: `the collector cannot be reached (${error instanceof Error ? causeOf(error) : String(error)})` }
      }
      const wait = handle(outcome, last, batch.length)
      if (wait !== undefined) await options.sleep(wait, stopping.signal)
    }
  }
  const running = loop()

  return {
    async stop() {
      stopping.abort()
      unlisten()
      await running
    },
  }
}

/** fetch's "fetch failed" says little: its cause says ECONNREFUSED. */
function causeOf(error: Error): string {
  const cause = error.cause as { code?: unknown; message?: unknown } | undefined
  if (typeof cause?.code === 'string') return cause.code
  return typeof cause?.message === 'string' ? cause.message : error.message
}
