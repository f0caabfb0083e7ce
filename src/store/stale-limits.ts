// The stale limits a context's earlier runs give its steps (core/stale-limits.ts), read from the store. Learning
// reads up to ten timelines, so what was learned is kept a few minutes per context and shared by the reads that
// ask meanwhile; it is asked for only when a step has been open for longer than the shortest limit can be.

import { buildTimeline } from '../core/timeline.ts'
import { learnedStaleLimitsSteps, minimumStaleMs } from '../core/stale-limits.ts'
import { markStale, markStaleInTurns, oldestOpen, oldestOpenInTurns, type StaleLimit } from '../core/stale.ts'
import { finish, finishInTurns } from '../core/steps.ts'
import type { Millis, Stored, Timeline, TimelineInfo } from '../core/types.ts'
import type { Store } from './types.ts'

/** Earlier runs a context's limits are learned from. */
export const learnedFrom = 10
/** How long what was learned holds. */
const KEEP_MS = 5 * 60_000
/** Rows of the earlier runs gone through between two pauses. */
const LEARN_SLICE = 500

interface Learned {
  at: Millis
  limitOf: Promise<(name: string) => Millis>
}

/** What learning reads: a store, or the drawing thread's questions to the collector's store. */
export type EarlierRuns = Pick<Store, 'timelines' | 'messages'>

const learned = new WeakMap<EarlierRuns, Map<string, Learned>>()

/** Builds an earlier run's timeline: buildTimeline, or the same in turns. */
export type BuildTimeline = (info: TimelineInfo, messages: readonly Stored[]) => Timeline | Promise<Timeline>

/**
 * The timeline with its long-open steps stale: after `staleMs` when the collector was given one (--stale), else
 * after each step's learned limit. With `turns`, in turns (a page of a big timeline): marking pauses, and the
 * earlier runs are built with `turns.build`.
 */
export async function withStaleSteps(
  store: EarlierRuns, timeline: Timeline, now: Millis, staleMs?: Millis,
  turns?: { pause: () => Promise<void> | undefined; build: BuildTimeline },
): Promise<Timeline> {
  const mark = (limit: StaleLimit) => turns === undefined ? markStale(timeline, now, limit) : markStaleInTurns(timeline, now, limit, turns.pause)
  if (staleMs !== undefined) return mark(staleMs)
  const oldest = turns === undefined ? oldestOpen(timeline) : await oldestOpenInTurns(timeline, turns.pause)
  if (oldest === undefined || now - oldest <= minimumStaleMs) return timeline
  return mark(await limitsOf(store, timeline, now, turns?.build ?? buildTimeline, turns?.pause))
}

function limitsOf(store: EarlierRuns, timeline: Timeline, now: Millis, build: BuildTimeline, pause?: () => Promise<void> | undefined): Learned['limitOf'] {
  const { context } = timeline
  let byContext = learned.get(store)
  if (byContext === undefined) learned.set(store, (byContext = new Map()))
  const known = byContext.get(context)
  if (known !== undefined && now - known.at < KEEP_MS) return known.limitOf
  const limitOf = learn(store, timeline, build, pause)
  byContext.set(context, { at: now, limitOf })
  // a failed read is not kept: the next read tries again
  limitOf.catch(() => byContext.delete(context))
  return limitOf
}

async function learn(store: EarlierRuns, reading: Timeline, build: BuildTimeline, pause?: () => Promise<void> | undefined): Promise<(name: string) => Millis> {
  // one more than learned from: the newest is most often the run being read, still open (and left out: only
  // finished runs teach); that one is not read again
  const { context } = reading
  const page = await store.timelines(context, { limit: learnedFrom + 1 })
  const built: Timeline[] = []
  for (const info of page.items) built.push(info.id === reading.id ? reading : await build(info, await store.messages(context, info.id)))
  const steps = learnedStaleLimitsSteps(built.filter((t) => !t.running).slice(0, learnedFrom), LEARN_SLICE)
  return pause === undefined ? finish(steps) : finishInTurns(steps, pause)
}
