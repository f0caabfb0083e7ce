// Derived views read from any store: timelines are built from the log on every read, never stored.

import { summarize } from '../core/summary.ts'
import { buildTimeline } from '../core/timeline.ts'
import type { Millis, Timeline, TimelineInfo, TimelineSummary } from '../core/types.ts'
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

export async function readTimeline(store: Store, info: TimelineInfo): Promise<Timeline> {
  return buildTimeline(info, await store.messages(info.context, info.id))
}

/** Builds every timeline of a page; the store is read in parallel. */
export function readTimelines(store: Store, infos: readonly TimelineInfo[]): Promise<Timeline[]> {
  return Promise.all(infos.map((info) => readTimeline(store, info)))
}

/** One page of contexts (by name) with a summary of each one's newest timeline. */
export async function readContexts(store: Store, now: Millis, options: ContextPageOptions = {}): Promise<{ items: ContextSummary[]; next?: string }> {
  const page = await store.contextPage(options)
  const newest = await readTimelines(store, page.items.map((x) => x.newest))
  const items = page.items.map((x, i) => ({ name: x.name, timelines: x.timelines, newest: summarize(newest[i]!, now) }))
  return page.next === undefined ? { items } : { items, next: page.next }
}
