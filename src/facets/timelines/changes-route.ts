// GET /api/changes[?context=NAME]: server-sent events that say which timelines changed, so a page
// re-fetches only what it shows. Events:
//   hello   {"context": NAME | null}                       once, on connect (a page refreshes on reconnect)
//   change  {"context", "timeline", "created": boolean}    at most one per timeline every `coalesceMs`
// A comment line every `heartbeatMs` keeps proxies from closing an idle stream. The stream ends when
// the client leaves or the collector stops (ChangeFeed.close), and its connection with it.
//
// Memory is bounded whatever the clients do: a stream keeps at most `maxPending` changes waiting to be
// written. A client that does not keep up (more waiting than that, or no write taken for a whole heartbeat)
// is dropped and counted; its page reconnects and fetches afresh, as after any reconnect. At most
// `maxStreams` streams are open at once (--max-streams); beyond, 503.

import type { IncomingMessage } from 'node:http'
import type { Hono } from 'hono'
import { streamSSE } from 'hono/streaming'
import type { Metrics } from '../../pipeline/metrics.ts'
import type { ChangeFeed } from '../../pipeline/change-feed.ts'
import type { Logger } from '../../pipeline/log.ts'
import { PendingChanges } from '../../pipeline/pending-changes.ts'
import { fail } from '../../http/responses.ts'

export interface ChangesRouteDeps {
  feed: ChangeFeed
  metrics?: Metrics
  log?: Logger
  /** Default 25 s. */
  heartbeatMs?: number
  /** Changes of one timeline within this window are sent once; default 100 ms. */
  coalesceMs?: number
  /** Most changes waiting for one stream before its client counts as not keeping up; default 1,000. */
  maxPending?: number
  /** Most streams open at once; default 1,000. */
  maxStreams?: number
}

export const changesPath = '/api/changes'
export const defaultMaxStreams = 1_000

export function addChangesRoute(app: Hono, deps: ChangesRouteDeps): void {
  const { feed, metrics, log } = deps
  const heartbeatMs = deps.heartbeatMs ?? 25_000
  const coalesceMs = deps.coalesceMs ?? 100
  const maxPending = deps.maxPending ?? 1_000
  const maxStreams = deps.maxStreams ?? defaultMaxStreams
  let open = 0
  metrics?.liveStreams(() => open)

  app.get(changesPath, (c) => {
    if (open >= maxStreams) {
      metrics?.streamDropped('too_many')
      log?.limited('warn', 'streams too_many', `refused a live-update stream: ${open} are open, --max-streams is ${maxStreams}`)
      c.header('retry-after', '5')
      return fail(c, 503, 'unavailable', `${open} live-update streams are open, the most this collector keeps (--max-streams ${maxStreams}): try again later`)
    }
    const context = c.req.query('context')
    const socket = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming?.socket
    open++
    const response = streamSSE(c, async (stream) => {
      const pending = new PendingChanges()
      let timer: NodeJS.Timeout | undefined
      let flushing = false
      /** Writes handed to the stream and not yet taken by it: more than none for long means a client not reading. */
      let outstanding = 0
      let taken = 0
      let takenAtBeat = 0
      let dropped = false
      let end!: () => void
      const ended = new Promise<void>((resolve) => (end = resolve))

      async function send(write: () => Promise<unknown>): Promise<void> {
        outstanding++
        try {
          await write()
        } finally {
          outstanding--
          taken++
        }
      }

      /** Ends the stream of a client that does not keep up, and its connection: nothing of it stays in memory. */
      function drop(why: string): void {
        if (dropped) return
        dropped = true
        pending.clear()
        metrics?.streamDropped('slow')
        log?.limited('warn', 'streams slow', `dropped a live-update stream${socket?.remoteAddress ? ` of ${socket.remoteAddress}` : ''}: ${why}; its page reconnects and fetches afresh`)
        stream.abort()
        socket?.destroy()
        end()
      }

      async function flush(): Promise<void> {
        timer = undefined
        if (flushing) return
        flushing = true
        try {
          while (pending.size > 0 && !stream.aborted && !stream.closed) {
            const batch = pending.take()
            for (const change of batch) {
              if (dropped) return
              await send(() => stream.writeSSE({ event: 'change', data: JSON.stringify(change) }))
            }
          }
        } finally {
          flushing = false
        }
      }

      const unsubscribe = feed.subscribe(
        context,
        (changes) => {
          for (const change of changes) pending.add(change)
          if (pending.size > maxPending) return drop(`more than ${maxPending} changes waited for it`)
          timer ??= setTimeout(() => void flush(), coalesceMs)
        },
        () => end(),
      )
      stream.onAbort(() => end())
      const beat = setInterval(() => {
        if (outstanding > 0) {
          if (taken === takenAtBeat) drop(`it took nothing for ${heartbeatMs} ms`)
        } else void send(() => stream.write(': keep-alive\n\n'))
        takenAtBeat = taken
      }, heartbeatMs)
      try {
        await send(() => stream.writeSSE({ event: 'hello', data: JSON.stringify({ context: context ?? null }), retry: 2_000 }))
        await ended
      } finally {
        open--
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
