// An app whose ingest tells a change feed what it stored, as the collector wires them; memory store,
// fixed clock. For the pages and the server-sent events.

import type { Hono } from 'hono'
import { createIngest } from '../../src/pipeline/ingest.ts'
import { createMetrics } from '../../src/pipeline/metrics.ts'
import { collectorParts, createApp } from '../../src/server/app.ts'
import { type ChangeFeed, createChangeFeed } from '../../src/pipeline/change-feed.ts'
import { createLogger } from '../../src/pipeline/log.ts'
import { createMemoryStore } from '../../src/store/memory.ts'
import { t0 } from './app-fixture.ts'

const parts = await collectorParts()

export interface LiveFixture {
  app: Hono
  feed: ChangeFeed
  lines: string[]
  at(ms: number): void
  post(events: unknown[]): Promise<Response>
  get(path: string, headers?: Record<string, string>): Promise<Response>
  text(path: string, headers?: Record<string, string>): Promise<string>
}

export function liveFixture(): LiveFixture {
  const store = createMemoryStore()
  const metrics = createMetrics()
  const lines: string[] = []
  let clock = t0
  const now = () => clock
  const log = createLogger({ sink: (l) => lines.push(l), now })
  const feed = createChangeFeed()
  const ingest = createIngest({ store, metrics, now, log, onStored: feed.publish })
  const app = createApp({ parts, store, ingest, metrics, now, log, changes: feed })
  const get = (path: string, headers: Record<string, string> = {}) => Promise.resolve(app.request(path, { headers }))
  return {
    app,
    feed,
    lines,
    at: (ms) => (clock = ms),
    post: (events) =>
      Promise.resolve(app.request('/api/events', {
        method: 'POST',
        body: JSON.stringify(events),
        headers: { 'content-type': 'application/json' },
      })),
    get,
    text: async (path, headers) => (await get(path, headers)).text(),
  }
}

export interface SseEvent {
  event: string
  data: string
}

/** Reads server-sent events from a response body, one at a time. */
export function sseReader(response: Response) {
  const reader = response.body!.getReader()
  const decoder = new TextDecoder()
  let buffer = ''
  return {
    /** The next event (comments skipped), or undefined when the stream ended. */
    async next(): Promise<SseEvent | undefined> {
      for (;;) {
        const end = buffer.indexOf('\n\n')
        if (end >= 0) {
          const block = buffer.slice(0, end)
          buffer = buffer.slice(end + 2)
          const event: SseEvent = { event: 'message', data: '' }
          let any = false
          for (const line of block.split('\n')) {
            if (line.startsWith('event: ')) (event.event = line.slice(7)), (any = true)
            else if (line.startsWith('data: ')) (event.data += line.slice(6)), (any = true)
          }
          if (any) return event
          continue
        }
        const { done, value } = await reader.read()
        if (done) return undefined
        buffer += decoder.decode(value, { stream: true })
      }
    },
    cancel: () => reader.cancel().catch(() => {}),
  }
}
