// The summaries the lists show (`/`, `/c/CTX`, /api/contexts): a run's summary is built from all its events, and
// `/` shows twenty runs of every context on its page, so a finished run's summary is kept until the run changes
// (the change feed says when) and read again only then. A running run's depends on the time: made every time.
// A stale run's (an end that never came) is kept a few minutes: the limits it was judged by are learned.

import { countRow, summarize, type RowCounts } from '../../core/summary.ts'
import type { Millis, TimelineInfo, TimelineSummary } from '../../core/types.ts'
import type { ChangeFeed } from '../../pipeline/change-feed.ts'
import type { Store } from '../../store/types.ts'
import { readTimelineInTurns } from '../../http/read-in-turns.ts'
import { makeTurns } from '../../http/turns.ts'
import type { SummariesOf, ViewClock } from '../../store/views.ts'

/** Summaries kept at most: the oldest read goes first. */
const KEEP = 20_000
const STALE_KEEP_MS = 5 * 60_000

export interface Summaries {
  /** The summaries of these timelines, read in parallel, as of `clock.now`. */
  of: SummariesOf
  close(): void
}

export function summaryCache(store: Store, changes: ChangeFeed | undefined, now: () => Millis): Summaries {
  const kept = new Map<string, { summary: TimelineSummary; at: Millis }>()
  /** Runs being read, and whether they changed meanwhile (what was read is then not kept). */
  const reading = new Map<string, boolean>()
  const keyOf = (context: string, id: string) => `${context}\0${id}`
  const unsubscribe = changes?.subscribe(undefined, (list) => {
    for (const change of list) {
      const key = keyOf(change.context, change.timeline)
      kept.delete(key)
      if (reading.has(key)) reading.set(key, true)
    }
  })

  async function one(info: TimelineInfo, clock: ViewClock): Promise<TimelineSummary> {
    const at = clock.now ?? now()
    const key = keyOf(info.context, info.id)
    const had = kept.get(key)
    if (had !== undefined && (had.summary.status !== 'stale' || at - had.at < STALE_KEEP_MS)) {
      // read again: it moves to the newest end, away from the first to go
      kept.delete(key)
      kept.set(key, had)
      return had.summary
    }
    reading.set(key, false)
    try {
      // in turns: a run of 200,000 events is a second's work, and UDP is read meanwhile
      const turns = makeTurns()
      const timeline = await readTimelineInTurns(store, info, turns, { ...clock, now: at })
      const counts: RowCounts = { events: 0, errors: 0, retried: 0, orphans: false }
      for (let i = 0; i < timeline.rows.length; i++) {
        if (i % 5_000 === 4_999) await turns.check()
        countRow(counts, timeline.rows[i]!)
      }
      const summary = summarize(timeline, at, counts)
      // without a change feed nothing says when a run changed: nothing is kept
      if (changes !== undefined && !summary.running && reading.get(key) === false) {
        kept.set(key, { summary, at })
        if (kept.size > KEEP) kept.delete(kept.keys().next().value!)
      }
      return summary
    } finally {
      reading.delete(key)
    }
  }

  return {
    of: (infos, clock) => Promise.all(infos.map((info) => one(info, clock))),
    close: () => unsubscribe?.(),
  }
}
