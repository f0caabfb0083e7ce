// Placement for collectors that share one database. The caching placer (src/pipeline/placer.ts) keeps
// each context's newest timeline in memory, which another collector can make stale. Here each batch
// is placed inside the store's write transaction instead: it takes a lock per context (so collectors
// writing one context take turns, batch by batch), reads the newest timeline and the ids it needs
// under that lock, and runs the same pure placeEvent(). The transaction commits in append(), so what
// a batch creates is visible to every collector before the next batch of any of them is placed.

import type { PoolClient } from 'pg'
import { type ContextState, placeEvent, recordTimeline, timelineIdCandidate } from '../core/placement.ts'
import type { Incoming, Millis, Stored, TimelineInfo } from '../core/types.ts'
import type { Statements } from './postgres-sql.ts'
import type { Chunk } from './types.ts'


interface StateRow {
  context: string
  id: string
  /** Set for a newest timeline, null for an id that merely exists. */
  created: number | null
}

/** Places `chunks` in a transaction `client` has begun; the locks it takes last until that commits. */
export async function placeInTransaction(
  client: PoolClient,
  sql: Statements,
  lockPrefix: string,
  chunks: readonly Chunk[],
): Promise<{ messages: Stored[]; created: TimelineInfo[] }> {
  const contexts = new Set<string>()
  const named = new Map<string, [string, string]>()
  const fresh = new Map<string, [string, string]>()
  for (const { events, received } of chunks) {
    for (const e of events) {
      contexts.add(e.context)
      if (e.timeline !== undefined) named.set(`${e.context}\0${e.timeline}`, [e.context, e.timeline])
      else if (e.kind === 'new') {
        const base = timelineIdCandidate(received, 1)
        fresh.set(`${e.context}\0${base}`, [e.context, base])
      }
    }
  }
  const names = [...contexts]
  await client.query({ ...sql.lockContexts, values: [names, lockPrefix] })
  const { rows } = await client.query<StateRow>({
    ...sql.placementState,
    values: [names, ...columns(named.values()), ...columns(fresh.values())],
  })

  const states = new Map<string, ContextState>()
  for (const context of names) states.set(context, { context, newest: undefined, known: new Set() })
  for (const row of rows) {
    const state = states.get(row.context)!
    state.known.add(row.id)
    if (row.created !== null) state.newest = { context: row.context, id: row.id, created: row.created }
  }

  const messages: Stored[] = []
  const created: TimelineInfo[] = []
  for (const { events, received } of chunks) {
    for (const event of events) {
      const state = states.get(event.context)!
      const placement = placeEvent(event, state, received)
      if (placement.created) {
        recordTimeline(state, placement.created)
        created.push(placement.created)
      }
      const time = event.kind === 'new' || event.time === undefined ? received : event.time
      messages.push({ ...event, timeline: placement.timeline, time, received })
    }
  }
  return { messages, created }
}

function columns(pairs: Iterable<[string, string]>): [string[], string[]] {
  const a: string[] = []
  const b: string[] = []
  for (const [x, y] of pairs) {
    a.push(x)
    b.push(y)
  }
  return [a, b]
}
