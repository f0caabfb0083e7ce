// Derived views read from any store: timelines are built from the log on every read, never stored.

import { summarize } from '../core/summary.ts'
import { buildTimeline } from '../core/timeline.ts'
import type { Millis, Timeline, TimelineInfo, TimelineSummary } from '../core/types.ts'
import { withStaleSteps } from './stale-limits.ts'
import type { ContextPageOptions, Store } from './types.ts'

/** The id that always names a context's newest timeline. */
export const latest = 'latest'

export interface ContextSummary {
  name: string
  timelines: number
  newest: TimelineSummary
}

export function findTimeline(store: Store, context: string, id: string): Promise<TimelineInfo | undefined> {
  return id === latest ? store.newest(context) : store.timeline(context, id)
}

/**
 * When a view is read, and after how long a step with no end is stale (core/stale.ts): now, and each step's limit
 * learned from earlier runs (stale-limits.ts) unless one is given.
 */
export interface ViewClock {
  now?: Millis
  staleMs?: Millis
}

export async function readTimeline(store: Store, info: TimelineInfo, clock: ViewClock = {}): Promise<Timeline> {
  const timeline = buildTimeline(info, await store.messages(info.context, info.id))
  return withStaleSteps(store, timeline, clock.now ?? Date.now(), clock.staleMs)
}

/** Builds every timeline of a page; the store is read in parallel. */
export function readTimelines(store: Store, infos: readonly TimelineInfo[], clock: ViewClock = {}): Promise<Timeline[]> {
  return Promise.all(infos.map((info) => readTimeline(store, info, clock)))
}

/** Summaries of timelines as of `clock.now`: each read and summarised, or kept by the caller (a collector's cache). */
export type SummariesOf = (infos: readonly TimelineInfo[], clock: ViewClock) => Promise<TimelineSummary[]>

/** Summaries read and made afresh each time. */
export const readSummaries = (store: Store): SummariesOf => async (infos, clock) =>
  (await readTimelines(store, infos, clock)).map((t) => summarize(t, clock.now ?? Date.now()))

/** One page of contexts (by name) with a summary of each one's newest timeline. */
export async function readContexts(store: Store, now: Millis, options: ContextPageOptions = {}, staleMs?: Millis, summaries: SummariesOf = readSummaries(store)): Promise<{ items: ContextSummary[]; next?: string }> {
  const page = await store.contextPage(options)
  const newest = await summaries(page.items.map((x) => x.newest), { now, ...(staleMs === undefined ? {} : { staleMs }) })
  const items = page.items.map((x, i) => ({ name: x.name, timelines: x.timelines, newest: newest[i]! }))
  return page.next === undefined ? { items } : { items, next: page.next }
}
