// Tells the web pages which timelines changed: the ingest publishes every durable batch, the SSE route
// subscribes. Nothing is computed for a batch while nobody listens.

import type { Stored, TimelineInfo } from '../core/types.ts'

export interface Change {
  context: string
  timeline: string
  /** The batch created this timeline: a page showing the context's newest may move to it. */
  created: boolean
}

export type ChangeListener = (changes: readonly Change[]) => void

export interface ChangeFeed {
  /** Called by the ingest after each durable append. Never throws. */
  publish(messages: readonly Stored[], created: readonly TimelineInfo[]): void
  /** Hears the changes of one context, or of all when `context` is undefined; returns the unsubscribe. */
  subscribe(context: string | undefined, listener: ChangeListener, onClose?: () => void): () => void
  /** Listeners now, for tests and metrics. */
  readonly size: number
  /** Tells every subscriber to end (their onClose runs) and takes no more. */
  close(): void
}

interface Subscriber {
  context: string | undefined
  listener: ChangeListener
  onClose: (() => void) | undefined
}

export function createChangeFeed(onError: (error: unknown) => void = () => {}): ChangeFeed {
  const subscribers = new Set<Subscriber>()
  let closed = false

  return {
    publish(messages, created) {
      if (subscribers.size === 0 || messages.length === 0) return
      // only the contexts someone listens to, when nobody listens to all (a facet's own context)
      let wanted: Set<string> | undefined = new Set()
      for (const s of subscribers) {
        if (s.context === undefined) {
          wanted = undefined
          break
        }
        wanted.add(s.context)
      }
      const changes = changesOf(messages, created, wanted)
      if (changes.length === 0) return
      for (const s of subscribers) {
        const mine = s.context === undefined ? changes : changes.filter((c) => c.context === s.context)
        if (mine.length === 0) continue
        try {
          s.listener(mine)
        } catch (error) {
          onError(error)
        }
      }
    },
    subscribe(context, listener, onClose) {
      const s: Subscriber = { context, listener, onClose }
      if (closed) {
        onClose?.()
        return () => {}
      }
      subscribers.add(s)
      return () => void subscribers.delete(s)
    },
    get size() {
      return subscribers.size
    },
    close() {
      closed = true
      const all = [...subscribers]
      subscribers.clear()
      for (const s of all) {
        try {
          s.onClose?.()
        } catch (error) {
          onError(error)
        }
      }
    },
  }
}

/** One change per (context, timeline) of the batch (of the `wanted` contexts only, when given), in the order first seen. */
export function changesOf(messages: readonly Stored[], created: readonly TimelineInfo[], wanted?: ReadonlySet<string>): Change[] {
  const fresh = new Set(created.map((t) => `${t.context}\0${t.id}`))
  const seen = new Map<string, Change>()
  let context: string | undefined
  let timeline: string | undefined
  for (const m of messages) {
    // a batch is mostly one timeline over and over: a message like the one before it is seen already
    if (m.timeline === timeline && m.context === context) continue
    context = m.context
    timeline = m.timeline
    if (wanted !== undefined && !wanted.has(context)) continue
    const key = `${context}\0${timeline}`
    if (!seen.has(key)) seen.set(key, { context, timeline, created: fresh.has(key) })
  }
  return [...seen.values()]
}
