// Which timeline an incoming event joins (DESIGN.md "Timeline"). Pure: the caller keeps one
// ContextState per context, makes sure `known` holds every existing id the event could touch,
// and records what a placement creates with `recordTimeline`.

import type { Incoming, Millis, TimelineInfo } from './types.ts'

export interface ContextState {
  context: string
  /** The active timeline: an event naming none joins it. */
  newest: TimelineInfo | undefined
  /** Ids of the context's timelines that exist (in the store or created by earlier placements). */
  known: Set<string>
}

export interface Placement {
  timeline: string
  /** The timeline this event creates, if any: record it, and store it with the event. */
  created?: TimelineInfo
}

/**
 * - `new` joins its `timeline` if given (created when unknown), else a fresh time-sortable id.
 * - an event naming a timeline joins it, created when unknown (and then it is the newest).
 * - an event naming none joins the newest; when the context has none, one is created.
 * An existing timeline named again (a retried `new --timeline 7`) is joined, not made newest.
 */
export function placeEvent(event: Incoming, state: ContextState, received: Millis): Placement {
  const named = event.timeline
  if (named !== undefined) {
    return state.known.has(named) ? { timeline: named } : create(state, named, received)
  }
  if (event.kind !== 'new' && state.newest !== undefined) return { timeline: state.newest.id }
  return create(state, freshTimelineId(received, (id) => state.known.has(id)), received)
}

/** Updates the state with a created timeline: it becomes known and the newest. */
export function recordTimeline(state: ContextState, info: TimelineInfo): void {
  state.known.add(info.id)
  state.newest = info
}

/** `20261122-172536-123` (UTC receive time), then `-2`, `-3`… while taken. Sorts by time as text. */
export function freshTimelineId(received: Millis, taken: (id: string) => boolean): string {
  const base = timelineIdAt(received)
  if (!taken(base)) return base
  for (let n = 2; ; n++) {
    const id = `${base}-${n}`
    if (!taken(id)) return id
  }
}

/** The candidate ids `freshTimelineId` tries, in order: base, base-2, base-3… (n ≥ 1). */
export function timelineIdCandidate(received: Millis, n: number): string {
  return n === 1 ? timelineIdAt(received) : `${timelineIdAt(received)}-${n}`
}

function timelineIdAt(received: Millis): string {
  const iso = new Date(Number.isFinite(received) ? received : 0).toISOString() // 2026-11-22T17:25:36.123Z
  return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}-${iso.slice(11, 13)}${iso.slice(14, 16)}` +
    `${iso.slice(17, 19)}-${iso.slice(20, 23)}`
}

function create(state: ContextState, id: string, received: Millis): Placement {
  // Never older than the current newest: a clock stepping back must not hide the new timeline.
  const created = Math.max(received, state.newest?.created ?? received)
  return { timeline: id, created: { context: state.context, id, created } }
}
