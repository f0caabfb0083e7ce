// A timeline read and built in turns (turns.ts): buildTimeline of 200,000 events takes the thread for the
// better part of a second. Its rows are made by name, each name on its own (eventRows), so the messages are
// dealt by name into batches built one a turn (by a hash of the name: a map of 200,000 names, as it grows,
// holds the thread for milliseconds at a time); the tree is then arranged in steps (arrangeRowsSteps). The
// same timeline as buildTimeline (test/timelines/streaming.test.ts).

import { eventRows } from '../core/event-rows.ts'
import { assembleTimeline, buildTimeline } from '../core/timeline.ts'
import { arrangeRowsSteps } from '../core/tree.ts'
import type { Row, Stored, Timeline, TimelineInfo } from '../core/types.ts'
import type { Store } from '../store/types.ts'
import { type EarlierRuns, withStaleSteps } from '../store/stale-limits.ts'
import type { ViewClock } from '../store/views.ts'
import type { Turns } from './turns.ts'

/** Messages in a batch: eventRows of one takes a millisecond or two. */
const BATCH = 2_500
/** Messages dealt between two checks of the turn. */
const DEAL = 5_000
/** Names arranged into the tree between two checks. */
const ARRANGE = 250

export async function readTimelineInTurns(store: Store, info: TimelineInfo, turns: Turns, clock: ViewClock = {}): Promise<Timeline> {
  return timelineInTurns(store, info, await store.messages(info.context, info.id), turns, clock)
}

/** The timeline of messages already read, its stale steps learned from `store`'s earlier runs. */
export async function timelineInTurns(store: EarlierRuns, info: TimelineInfo, messages: readonly Stored[], turns: Turns, clock: ViewClock = {}): Promise<Timeline> {
  await turns.check()
  const timeline = await buildInTurns(info, messages, turns)
  return withStaleSteps(store, timeline, clock.now ?? Date.now(), clock.staleMs, {
    pause: () => turns.check(),
    build: (earlier, theirs) => buildInTurns(earlier, theirs, turns),
  })
}

export async function buildInTurns(info: TimelineInfo, messages: readonly Stored[], turns: Turns): Promise<Timeline> {
  if (messages.length <= BATCH) return buildTimeline(info, messages)
  const count = Math.ceil(messages.length / BATCH)
  const batches: Stored[][] = Array.from({ length: count }, () => [])
  for (let i = 0; i < messages.length; i++) {
    const m = messages[i]!
    batches[hashOf(m.name) % count]!.push(m)
    if (i % DEAL === DEAL - 1) await turns.check()
  }
  const byName: Row[][] = []
  let first = Infinity
  let last = -Infinity
  let running = false
  for (let i = 0; i < batches.length; i++) {
    const part = eventRows(batches[i]!)
    batches[i] = []
    for (const rows of part.byName) byName.push(rows)
    first = Math.min(first, part.first)
    last = Math.max(last, part.last)
    running ||= part.running
    await turns.check()
  }
  const arranging = arrangeRowsSteps(byName, ARRANGE)
  let step = arranging.next()
  for (; !step.done; step = arranging.next()) await turns.check()
  return assembleTimeline(info, step.value, first, last, running)
}

/** FNV-1a over the UTF-16 code units: spreads names evenly, the same name always alike. */
function hashOf(text: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193)
  return h >>> 0
}
