// POST /api/events: a msgpack or JSON body, one event or an array. Answers once the accepted events
// are durable: 200 { accepted, refused: [{ index, reason, detail }] }; the same shape with 400 when
// every item was refused, 413 too_large, 415 unsupported_media_type. 500 or 503 { error, message }
// when the store failed, or the ingest queue is full or closing, or the store takes no writes (503 with
// Retry-After: nothing acknowledged, send again).

import type { IncomingMessage } from 'node:http'
import type { Context, Hono } from 'hono'
import { limits } from '../../core/limits.ts'
import type { Decoded, Refusal } from '../../core/types.ts'
import { type Delivery, sendAgain } from '../../pipeline/deliver.ts'
import { StoreUnavailableError } from '../../pipeline/ingest.ts'
import type { Metrics } from '../../pipeline/metrics.ts'
import { crossSiteMedia, decodeHttpBody } from '../../codecs/http-body.ts'
import { type BodyBudget, createBodyBudget } from '../../http/body-budget.ts'
import { type BodyResult, readBody, readStream } from '../../http/body.ts'
import { type Logger, errorMessage } from '../../pipeline/log.ts'
import { fail } from '../../http/responses.ts'
import type { Format } from '../../pipeline/formats.ts'

export interface EventsRouteDeps {
  /** Into the ingest queue, counted under the source `http`. */
  deliver: Delivery
  metrics: Metrics
  log: Logger
  now: () => number
  /** Largest body; limits.bodyBytes unless a test says otherwise. */
  bodyBytes?: number
  /**
   * Writes need no token (no --token): bodies whose Content-Type any web page may send cross-site (text/plain,
   * forms, none) are refused, so that a page cannot write events through its reader's browser.
   */
  openWrites?: boolean
  /** The bodies all requests may hold at once (--max-body-bytes-in-flight); 64 MiB by default. */
  budget?: BodyBudget
  /** Another format's bodies at another path (a facet's: `POST /api/v1/payloads/status`); upto's at /api/events by default. */
  format?: { path: string; format: Format }
}

export interface EventsAnswer {
  accepted: number
  refused: Refusal[]
}

export function addEventsRoute(app: Hono, deps: EventsRouteDeps): void {
  const { deliver, metrics, log, now } = deps
  const limit = deps.bodyBytes ?? limits.bodyBytes
  const budget = deps.budget ?? createBodyBudget()

  const path = deps.format?.path ?? '/api/events'
  const format = deps.format?.format
  app.post(path, async (c) => {
    const from = remote(c)
    const contentType = c.req.header('content-type')
    if (deps.openWrites === true && crossSiteMedia(contentType)) {
      const refusal = crossSite(contentType)
      deliver.push({ events: [], refused: [refusal] }, from)
      return c.json({ accepted: 0, refused: [refusal] } satisfies EventsAnswer, 415)
    }
    const declared = Number(c.req.header('content-length'))
    const incoming = incomingOf(c)
    const reserved = declared >= 0 && declared <= limit ? declared : limit
    if (!(declared > limit) && !budget.take(reserved)) {
      metrics.busy('bodies_in_flight')
      log.limited('warn', 'http bodies_in_flight', `answered 503 to a request: the bodies being read hold ${budget.held} bytes, --max-body-bytes-in-flight is ${budget.limit}`)
      c.header('retry-after', String(retryAfterSeconds))
      return fail(c, 503, 'unavailable', `the collector is reading ${budget.held} bytes of other requests' bodies, its limit is ${budget.limit}: nothing was stored, send again later`)
    }
    let body: BodyResult
    try {
      body = declared > limit
        ? { ok: false as const, size: declared }
        : incoming === undefined ? await readBody(c.req.raw, limit) : await readStream(incoming, limit)
    } finally {
      if (!(declared > limit)) budget.give(reserved)
    }
    const decoded: Decoded = !body.ok
      ? { events: [], refused: [tooLarge(body.size, limit)] }
      : format === undefined
        ? decodeHttpBody(body.bytes, contentType, now(), from)
        : format.decode(body.bytes, { received: now(), contentType, from })
    try {
      await deliver.submit(decoded, from)
    } catch (error) {
      if (sendAgain(error)) {
        // nothing was stored: the client may send the same body again (upto --http does, with back-off)
        c.header('retry-after', String(retryAfterSeconds))
        const outcome = error instanceof StoreUnavailableError ? 'not acknowledged' : 'nothing was stored'
        return fail(c, 503, 'unavailable', `${error.message}: ${outcome}, send again later`)
      }
      return fail(c, 500, 'store_failed', `could not store the events: ${errorMessage(error)}`)
    }
    const answer: EventsAnswer = { accepted: decoded.events.length, refused: decoded.refused }
    return c.json(answer, status(decoded))
  })
}

/** What a 503 asks the client to wait: the queue drains in well under a second once the store catches up. */
export const retryAfterSeconds = 1

function status({ events, refused }: Decoded): 200 | 400 | 413 | 415 {
  const first = refused[0]
  if (events.length > 0 || first === undefined) return 200
  if (first.reason === 'unsupported_media_type') return 415
  if (first.reason === 'too_large' && refused.length === 1) return 413
  return 400
}

function crossSite(contentType: string | undefined): Refusal {
  const given = contentType === undefined ? 'no Content-Type' : `Content-Type "${contentType}"`
  return {
    index: 0,
    reason: 'unsupported_media_type',
    detail: `${given} is what any web page can send cross-site, and writes need no --token here: ` +
      'expected application/json, application/msgpack or text/x-upto (text lines)',
  }
}

function tooLarge(size: number, limit: number): Refusal {
  return { index: 0, reason: 'too_large', detail: `body of ${size} bytes or more: expected at most ${limit} bytes` }
}

/** The client's address for refusal logs, when the runtime tells it (@hono/node-server does). */
function remote(c: Context): string | undefined {
  return incomingOf(c)?.socket?.remoteAddress
}

/** Node's request, when the server runs on node:http (@hono/node-server); undefined under app.request(). */
function incomingOf(c: Context): IncomingMessage | undefined {
  return (c.env as { incoming?: IncomingMessage } | undefined)?.incoming
}
