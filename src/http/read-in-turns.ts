// A timeline read and built in turns (turns.ts): buildTimeline of 200,000 events takes the thread for the
// better part of a second. Its rows are made by name, each name on its own (eventRows), so the messages are
// dealt by name into batches built one a turn; the tree is then arranged in steps (arrangeRowsSteps). The
// same timeline as buildTimeline (test/timelines/streaming.test.ts).

import { eventRows } from '../core/event-rows.ts'
import { assembleTimeline, buildTimeline } from '../core/timeline.ts'
import { arrangeRowsSteps } from '../core/tree.ts'
import type { Row, Stored, Timeline, TimelineInfo } from '../core/types.ts'
import type { Store } from '../store/types.ts'
import { withStaleSteps } from '../store/stale-limits.ts'
import type { ViewClock } from '../store/views.ts'
import type { Turns } from './turns.ts'

/** Messages in a batch: eventRows of one takes a few ms. */
const BATCH = 10_000
/** Messages dealt between two checks of the turn. */
const DEAL = 20_000
/** Names arranged into the tree between two checks. */
const ARRANGE = 1_000

export async function readTimelineInTurns(store: Store, info: TimelineInfo, turns: Turns, clock: ViewClock = {}): Promise<Timeline> {
  const messages = await store.messages(info.context, info.id)
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
  const batchOf = new Map<string, Stored[]>()
  let next = 0
  for (let i = 0; i < messages.length; i++) {
    const m = messages[i]!
    let batch = batchOf.get(m.name)
    if (batch === undefined) {
      batch = batches[next++ % count]!
      batchOf.set(m.name, batch)
    }
    batch.push(m)
    if (i % DEAL === DEAL - 1) await turns.check()
  }
  batchOf.clear()
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
