// GET /api/changes[?context=NAME]: server-sent events that say which timelines changed, so a page
// re-fetches only what it shows. Events:
//   hello   {"context": NAME | null}                       once, on connect (a page refreshes on reconnect)
//   change  {"context", "timeline", "created": boolean}    at most one per timeline every `coalesceMs`
// A comment line every `heartbeatMs` keeps proxies from closing an idle stream. The stream ends when
// the client leaves or the collector stops (ChangeFeed.close), and its connection with it.

import type { Hono } from 'hono'
import { streamSSE } from 'hono/streaming'
import type { Change, ChangeFeed } from './change-feed.ts'

export interface ChangesRouteDeps {
  feed: ChangeFeed
  /** Default 25 s. */
  heartbeatMs?: number
  /** Changes of one timeline within this window are sent once; default 100 ms. */
  coalesceMs?: number
}

export const changesPath = '/api/changes'

export function addChangesRoute(app: Hono, deps: ChangesRouteDeps): void {
  const { feed } = deps
  const heartbeatMs = deps.heartbeatMs ?? 25_000
  const coalesceMs = deps.coalesceMs ?? 100

  app.get(changesPath, (c) => {
    const context = c.req.query('context')
    const response = streamSSE(c, async (stream) => {
      let pending = new Map<string, Change>()
      let timer: NodeJS.Timeout | undefined
      let flushing = false
      let end!: () => void
      const ended = new Promise<void>((resolve) => (end = resolve))

      async function flush(): Promise<void> {
        timer = undefined
        if (flushing) return
        flushing = true
        try {
          while (pending.size > 0 && !stream.aborted && !stream.closed) {
            const batch = [...pending.values()]
            pending = new Map()
            for (const change of batch) await stream.writeSSE({ event: 'change', data: JSON.stringify(change) })
          }
        } finally {
          flushing = false
        }
      }

      const unsubscribe = feed.subscribe(
        context,
        (changes) => {
          for (const change of changes) {
            const key = `${change.context}\0${change.timeline}`
            const before = pending.get(key)
            pending.set(key, before?.created ? { ...change, created: true } : change)
          }
          timer ??= setTimeout(() => void flush(), coalesceMs)
        },
        () => end(),
      )
      stream.onAbort(() => end())
      const beat = setInterval(() => void stream.write(': keep-alive\n\n'), heartbeatMs)
      try {
        await stream.writeSSE({ event: 'hello', data: JSON.stringify({ context: context ?? null }), retry: 2_000 })
        await ended
      } finally {
        clearInterval(beat)
        clearTimeout(timer)
        unsubscribe()
      }
    })
    // Not kept alive once the stream ends: a stopping collector would otherwise wait for the idle socket.
    response.headers.set('connection', 'close')
    return response
  })
}
