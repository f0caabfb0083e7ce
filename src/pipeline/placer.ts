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
import { type Chunk, type PlacedBatch, type Placer, type Store, hasExisting, isPlacingStore } from '../store/types.ts'

export type { Chunk, PlacedBatch, Placer }

export function createPlacer(store: Store): Placer {
  if (isPlacingStore(store)) return store.createPlacer()
  const contexts = new Map<string, ContextState>()

  async function load(context: string): Promise<void> {
    const newest = await store.newest(context)
    contexts.set(context, { context, newest, known: new Set(newest ? [newest.id] : []) })
  }

  /** Makes `known` hold every id the events name that exists in the store. */
  async function lookUp(chunks: readonly Chunk[]): Promise<void> {
    // A batch is mostly one context and timeline over and over (the decoders hand out one string for
    // repeated text): an event like the one before it needs no lookup.
    let last: string | undefined
    let unseen: Set<string> | undefined
    for (const chunk of chunks) {
      for (const e of chunk.events) {
        if (e.context === last) continue
        last = e.context
        if (!contexts.has(last)) (unseen ??= new Set()).add(last)
      }
    }
    if (unseen !== undefined) await Promise.all([...unseen].map(load))

    let named: Map<string, { state: ContextState; id: string }> | undefined
    let lastContext: string | undefined
    let lastTimeline: string | undefined
    for (const chunk of chunks) {
      for (const e of chunk.events) {
        if (e.timeline === undefined || (e.timeline === lastTimeline && e.context === lastContext)) continue
        lastContext = e.context
        lastTimeline = e.timeline
        const state = contexts.get(e.context)!
        if (!state.known.has(e.timeline)) (named ??= new Map()).set(`${e.context}\0${e.timeline}`, { state, id: e.timeline })
      }
    }
    if (named === undefined) return
    if (hasExisting(store)) {
      // one read per context for all the ids a batch names (a batch of payloads names dozens)
      const byContext = new Map<ContextState, string[]>()
      for (const { state, id } of named.values()) {
        const ids = byContext.get(state)
        if (ids === undefined) byContext.set(state, [id])
        else ids.push(id)
      }
      await Promise.all([...byContext].map(async ([state, ids]) => {
        for (const id of await store.existing(state.context, ids)) state.known.add(id)
      }))
      return
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
      let lastContext: string | undefined
      let state: ContextState | undefined
      // The last placement: an event of the same context naming the same timeline (or none) joins where it
      // went, as placeEvent would say again (what it joined or created is known now, and the newest).
      let placedIn: ContextState | undefined
      let placedNamed: string | undefined
      let placedTimeline = ''
      for (const { events, received } of chunks) {
        for (const event of events) {
          if (state === undefined || event.context !== lastContext) {
            lastContext = event.context
            state = contexts.get(lastContext)!
          }
          if (event.kind !== 'new' && state === placedIn && event.timeline === placedNamed) {
            messages.push(storedOf(event, placedTimeline, received))
            continue
          }
          if (event.kind === 'new' && event.timeline === undefined) await lookUpFresh(state, received)
          const placement = placeEvent(event, state, received)
          if (placement.created) {
            undo.push({ state, id: placement.created.id, newest: state.newest })
            recordTimeline(state, placement.created)
            created.push(placement.created)
          }
          placedIn = state
          placedNamed = event.timeline
          placedTimeline = placement.timeline
          messages.push(storedOf(event, placement.timeline, received))
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

/** The message as stored: its timeline, its time (the receive time for a new, or when it gave none). */
function storedOf(event: Incoming, timeline: string, received: Millis): Stored {
  // field by field: a spread here cost more than all the rest of placing
  const time = event.kind === 'new' || event.time === undefined ? received : event.time
  const m: Stored = { kind: event.kind, context: event.context, name: event.name, host: event.host, time, timeline, received }
  if (event.status !== undefined) m.status = event.status
  if (event.message !== undefined) m.message = event.message
  if (event.attrs !== undefined) m.attrs = event.attrs
  if (event.id !== undefined) m.id = event.id
  return m
}

// A field added to Incoming fails to compile here until storedOf copies it.
type Copied = 'kind' | 'context' | 'name' | 'host' | 'time' | 'timeline' | 'status' | 'message' | 'attrs' | 'id'
type Exactly<T extends true> = T
type AllFieldsCopied = Exactly<[Exclude<keyof Incoming, Copied>] extends [never] ? true : false>
