// Finds one timeline for the API and the Gantt pages, or answers 404 naming what is missing.

import type { Timeline, TimelineInfo } from '../core/types.ts'
import type { Store } from '../store/types.ts'
import { findTimeline, latest, readTimeline } from '../store/views.ts'
import { notFound } from './responses.ts'

export async function findTimelineOr404(store: Store, context: string, id: string): Promise<TimelineInfo> {
  const info = await findTimeline(store, context, id)
  if (info !== undefined) return info
  if (id === latest || (await store.newest(context)) === undefined) throw notFound(`no context "${context}"`)
  throw notFound(`no timeline "${id}" in context "${context}"`)
}

export async function loadTimeline(store: Store, context: string, id: string): Promise<Timeline> {
  return readTimeline(store, await findTimelineOr404(store, context, id))
}
