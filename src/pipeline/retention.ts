// --retain: timelines created longer ago than that are removed in the background. Each step removes a
// few timelines between two appends of the ingest queue (Ingest.between), so ingest never waits for more
// than one step, and the placer never keeps a removed timeline in its cache.

import type { Ingest } from './ingest.ts'
import type { Store } from '../store/types.ts'
import type { TimelineInfo } from '../core/types.ts'
import { type Logger, errorMessage } from './log.ts'

export interface RetentionOptions {
  store: Pick<Store, 'deleteTimelinesBefore'>
  ingest: Pick<Ingest, 'between'>
  /** Keep timelines created within this many milliseconds. */
  retainMs: number
  log: Logger
  now?: () => number
  /** Milliseconds between sweeps; default a tenth of retainMs, from 1 s to 1 h. */
  every?: number
  /** Timelines removed per step; default 20. */
  step?: number
  /** Told what each step removed (facets that keep something of them: removals.ts). */
  onRemoved?: (timelines: readonly TimelineInfo[]) => void
}

export interface Retention {
  /** Removes every timeline older than the retention now; answers how many. */
  sweep(): Promise<number>
  /** No more sweeps; waits for the one running. */
  stop(): Promise<void>
}

export function startRetention(options: RetentionOptions): Retention {
  const { store, ingest, retainMs, log } = options
  const now = options.now ?? Date.now
  const every = options.every ?? Math.min(3_600_000, Math.max(1_000, retainMs / 10))
  const step = options.step ?? 20
  let stopped = false
  let running: Promise<number> | undefined
  let timer: NodeJS.Timeout | undefined

  async function sweepNow(): Promise<number> {
    const cutoff = now() - retainMs
    let total = 0
    while (!stopped) {
      const removed = await ingest.between(() => store.deleteTimelinesBefore(cutoff, step))
      total += removed.length
      options.onRemoved?.(removed)
      if (removed.length < step) break
    }
    if (total > 0) log.info(`retention: removed ${total} timelines created before ${new Date(cutoff).toISOString()}`)
    return total
  }

  function sweep(): Promise<number> {
    running ??= sweepNow().finally(() => (running = undefined))
    return running
  }

  function schedule(delay: number): void {
    if (stopped) return
    timer = setTimeout(() => {
      sweep()
        .catch((error: unknown) => log.error(`retention failed, trying again later: ${errorMessage(error)}`))
        .finally(() => schedule(every))
    }, delay)
    timer.unref()
  }

  schedule(0)
  return {
    sweep,
    async stop() {
      stopped = true
      clearTimeout(timer)
      await running?.catch(() => {})
    },
  }
}
