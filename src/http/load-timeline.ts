// Finds one timeline for the API and the Gantt pages, or answers 404 naming what is missing and the closest
// names there are (the HTML page of a 404 links to them).

import { closest, didYouMean } from '../core/closest.ts'
import type { Timeline, TimelineInfo } from '../core/types.ts'
import { hrefs } from '../render/hrefs.ts'
import type { Store } from '../store/types.ts'
import { findTimeline, latest, readTimeline, type ViewClock } from '../store/views.ts'
import { type RequestError, notFound } from './responses.ts'

/** The runs whose ids a missing one is compared with: the newest. */
const NEAR_RUNS = 1_000

export async function findTimelineOr404(store: Store, context: string, id: string): Promise<TimelineInfo> {
  const info = await findTimeline(store, context, id)
  if (info !== undefined) return info
  if (id === latest || (await store.newest(context)) === undefined) throw await noContext(store, context)
  const ids = (await store.timelines(context, { limit: NEAR_RUNS })).items.map((t) => t.id)
  const near = closest(id, ids)
  throw notFound(`no timeline "${id}" in context "${context}"${didYouMean(id, ids)}`, {
    wanted: id,
    closest: near,
    back: [{ href: hrefs.page(context), text: `the runs of ${context}` }],
  })
}

/** The 404 of a context that has no runs: `no context "deplyo" (did you mean "deploy"?)`. */
export async function noContext(store: Store, context: string): Promise<RequestError> {
  const names = (await store.contexts()).map((x) => x.name)
  return notFound(`no context "${context}"${didYouMean(context, names)}`, { wanted: context, closest: closest(context, names) })
}

export async function loadTimeline(store: Store, context: string, id: string, clock: ViewClock = {}): Promise<Timeline> {
  return readTimeline(store, await findTimelineOr404(store, context, id), clock)
}
