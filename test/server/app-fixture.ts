// An app on a memory store with a fixed clock, and helpers to call it.

import type { Hono } from 'hono'
import { createIngest } from '../../src/pipeline/ingest.ts'
import { createMetrics } from '../../src/pipeline/metrics.ts'
import { collectorParts, createApp } from '../../src/server/app.ts'
import { createLogger } from '../../src/pipeline/log.ts'
import { createMemoryStore } from '../../src/store/memory.ts'
import type { Store } from '../../src/store/types.ts'

const parts = await collectorParts()

export const t0 = Date.UTC(2026, 10, 22, 17, 0, 0)

export interface Fixture {
  app: Hono
  store: Store
  lines: string[]
  ingest: ReturnType<typeof createIngest>
  /** Moves the clock. */
  at(ms: number): void
  post(body: unknown, headers?: Record<string, string>): Promise<Response>
  get(path: string, headers?: Record<string, string>): Promise<Response>
  json(path: string): Promise<any>
}

export function appFixture(options: { store?: Store; bodyBytes?: number } = {}): Fixture {
  const store = options.store ?? createMemoryStore()
  const metrics = createMetrics()
  const lines: string[] = []
  let clock = t0
  const now = () => clock
  const log = createLogger({ sink: (l) => lines.push(l), now })
  const ingest = createIngest({ store, metrics, now, log })
  const app = createApp({ parts, store, ingest, metrics, now, log, ...(options.bodyBytes ? { bodyBytes: options.bodyBytes } : {}) })
  const get = (path: string, headers: Record<string, string> = {}) => Promise.resolve(app.request(path, { headers }))
  return {
    app,
    store,
    lines,
    ingest,
    at: (ms) => (clock = ms),
    post: (body, headers = {}) =>
      Promise.resolve(app.request('/api/events', {
        method: 'POST',
        body: typeof body === 'string' || body instanceof Uint8Array ? body : JSON.stringify(body),
        headers: { 'content-type': 'application/json', ...headers },
      })),
    get,
    json: async (path) => (await get(path)).json(),
  }
}

/** A JSON event for POST /api/events. */
export function ev(type: string, context: string, name: string, ms: number, extra: Record<string, unknown> = {}) {
  return { type, context, name, host: '', time: t0 + ms, ...extra }
}

/** The JSON body of an answer, untyped: tests look into it. */
export const bodyOf = (res: Response): Promise<any> => res.json()
