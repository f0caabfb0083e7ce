// The stale limits a context's earlier runs give its steps (core/stale-limits.ts), read from the store. Learning
// reads up to ten timelines, so what was learned is kept a few minutes per context and shared by the reads that
// ask meanwhile; it is asked for only when a step has been open for longer than the shortest limit can be.

import { buildTimeline } from '../core/timeline.ts'
import { learnedStaleLimits, minimumStaleMs } from '../core/stale-limits.ts'
import { markStale, markStaleInTurns, oldestOpen, type StaleLimit } from '../core/stale.ts'
import type { Millis, Timeline } from '../core/types.ts'
import type { Store } from './types.ts'

/** Earlier runs a context's limits are learned from. */
export const learnedFrom = 10
/** How long what was learned holds. */
const KEEP_MS = 5 * 60_000

interface Learned {
  at: Millis
  limitOf: Promise<(name: string) => Millis>
}

const learned = new WeakMap<Store, Map<string, Learned>>()

/**
 * The timeline with its long-open steps stale: after `staleMs` when the collector was given one (--stale), else
 * after each step's learned limit. With `pause`, in turns (a page of a big timeline).
 */
export async function withStaleSteps(store: Store, timeline: Timeline, now: Millis, staleMs?: Millis, pause?: () => Promise<void> | undefined): Promise<Timeline> {
  const mark = (limit: StaleLimit) => pause === undefined ? markStale(timeline, now, limit) : markStaleInTurns(timeline, now, limit, pause)
  if (staleMs !== undefined) return mark(staleMs)
  const oldest = oldestOpen(timeline)
  if (oldest === undefined || now - oldest <= minimumStaleMs) return timeline
  return mark(await limitsOf(store, timeline.context, now))
}

function limitsOf(store: Store, context: string, now: Millis): Learned['limitOf'] {
  let byContext = learned.get(store)
  if (byContext === undefined) learned.set(store, (byContext = new Map()))
  const known = byContext.get(context)
  if (known !== undefined && now - known.at < KEEP_MS) return known.limitOf
  const limitOf = learn(store, context)
  byContext.set(context, { at: now, limitOf })
  // a failed read is not kept: the next read tries again
  limitOf.catch(() => byContext.delete(context))
  return limitOf
}

async function learn(store: Store, context: string): Promise<(name: string) => Millis> {
  // one more than learned from: the newest is most often the run being read, still open (and left out: only
  // finished runs teach)
  const page = await store.timelines(context, { limit: learnedFrom + 1 })
  const built = await Promise.all(page.items.map(async (info) => buildTimeline(info, await store.messages(context, info.id))))
  return learnedStaleLimits(built.filter((t) => !t.running).slice(0, learnedFrom))
}
