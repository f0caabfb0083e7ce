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
      const changes = changesOf(messages, created)
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

/** One change per (context, timeline) of the batch, in the order first seen. */
export function changesOf(messages: readonly Stored[], created: readonly TimelineInfo[]): Change[] {
  const fresh = new Set(created.map((t) => `${t.context}\0${t.id}`))
  const seen = new Map<string, Change>()
  for (const m of messages) {
    const key = `${m.context}\0${m.timeline}`
    if (!seen.has(key)) seen.set(key, { context: m.context, timeline: m.timeline, created: fresh.has(key) })
  }
  return [...seen.values()]
}
