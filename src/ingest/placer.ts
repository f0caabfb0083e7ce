// Places a batch of incoming events in their timelines, with a cache per context of the newest
// timeline and the ids known to exist. The cache is loaded from the store on first sight of a
// context; ids it does not know are looked up once (in parallel for a batch), then remembered.
// A store that several collectors share (PostgreSQL) places each batch itself, in its write transaction.

import {
  type ContextState,
  placeEvent,
  recordTimeline,
  timelineIdCandidate,
} from '../core/placement.ts'
import type { Incoming, Millis, Stored, TimelineInfo } from '../core/types.ts'
import type { Store } from '../store/types.ts'

/** Events that arrived together (one datagram or request), with their receive time. */
export interface Chunk {
  events: Incoming[]
  received: Millis
}

export interface PlacedBatch {
  messages: Stored[]
  /** Timelines the batch creates, oldest first. */
  created: TimelineInfo[]
  /** Forgets what this batch created: call it when the store failed to append it. */
  undo(): void
}

export interface Placer {
  place(chunks: readonly Chunk[]): Promise<PlacedBatch>
}

/** A store that several collectors share (postgres.ts): a cache of "newest" would go stale, so it places batches itself. */
interface PlacingStore extends Store {
  createPlacer(): Placer
}

export function createPlacer(store: Store): Placer {
  if (typeof (store as Partial<PlacingStore>).createPlacer === 'function') return (store as PlacingStore).createPlacer()
  const contexts = new Map<string, ContextState>()

  async function load(context: string): Promise<void> {
    const newest = await store.newest(context)
    contexts.set(context, { context, newest, known: new Set(newest ? [newest.id] : []) })
  }

  /** Makes `known` hold every id the events name that exists in the store. */
  async function lookUp(chunks: readonly Chunk[]): Promise<void> {
    const unseen = new Set<string>()
    for (const chunk of chunks) for (const e of chunk.events) if (!contexts.has(e.context)) unseen.add(e.context)
    await Promise.all([...unseen].map(load))

    const named = new Map<string, { state: ContextState; id: string }>()
    for (const chunk of chunks) {
      for (const e of chunk.events) {
        if (e.timeline === undefined) continue
        const state = contexts.get(e.context)!
        if (!state.known.has(e.timeline)) named.set(`${e.context}\0${e.timeline}`, { state, id: e.timeline })
      }
    }
    await Promise.all([...named.values()].map(async ({ state, id }) => {
      if (await store.timeline(state.context, id)) state.known.add(id)
    }))
  }

  /** Before a fresh id is made: learns which of its candidates the store already has. */
  async function lookUpFresh(state: ContextState, received: Millis): Promise<void> {
    for (let n = 1; ; n++) {
      const id = timelineIdCandidate(received, n)
      if (state.known.has(id)) continue
      if (!(await store.timeline(state.context, id))) return
      state.known.add(id)
    }
  }

  return {
    async place(chunks) {
      await lookUp(chunks)
      const messages: Stored[] = []
      const created: TimelineInfo[] = []
      const undo: Array<{ state: ContextState; id: string; newest: TimelineInfo | undefined }> = []
      for (const { events, received } of chunks) {
        for (const event of events) {
          const state = contexts.get(event.context)!
          if (event.kind === 'new' && event.timeline === undefined) await lookUpFresh(state, received)
          const placement = placeEvent(event, state, received)
          if (placement.created) {
            undo.push({ state, id: placement.created.id, newest: state.newest })
            recordTimeline(state, placement.created)
            created.push(placement.created)
          }
          const time = event.kind === 'new' || event.time === undefined ? received : event.time
          messages.push({ ...event, timeline: placement.timeline, time, received })
        }
      }
      return {
        messages,
        created,
        undo() {
          for (let i = undo.length - 1; i >= 0; i--) {
            const u = undo[i]!
            u.state.known.delete(u.id)
            u.state.newest = u.newest
          }
        },
      }
    },
  }
}
