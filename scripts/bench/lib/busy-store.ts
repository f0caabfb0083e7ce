// The store of the busy-collector scenarios: 100,000 contexts of one run each (as home-page.ts holds), and one
// timeline of 200,000 events (lib/timeline-data.ts), appended as the ingest would: in arrival order, in batches.

import type { Stored, TimelineInfo } from '../../../src/core/types.ts'
import { openLevelStore } from '../../../src/store/level.ts'
import type { Store } from '../../../src/store/types.ts'
import { T0, timelineMessages } from './timeline-data.ts'

export const BIG_CONTEXT = 'bench'
export const BIG_TIMELINE = 'big'

/** `contexts` contexts, each with one run of a build step: a start and an end. */
export async function fillContexts(store: Store, contexts: number): Promise<void> {
  const t0 = Date.now() - 3_600_000
  for (let from = 0; from < contexts; from += 1_000) {
    const messages: Stored[] = []
    const created: TimelineInfo[] = []
    for (let i = from; i < Math.min(contexts, from + 1_000); i++) {
      const context = `service-${String(i).padStart(6, '0')}`
      created.push({ context, id: '1', created: t0 + i })
      messages.push({ kind: 'start', context, timeline: '1', name: 'build', host: 'ci', time: t0 + i, received: t0 + i })
      messages.push({ kind: 'end', context, timeline: '1', name: 'build', host: 'ci', time: t0 + i + 30_000, received: t0 + i + 30_000, status: 'ok' })
    }
    await store.append(messages, created)
  }
}

/** Fills a fresh LevelDB folder: `contexts` small contexts, and a timeline of `events` events. */
export async function fillBusyStore(dir: string, contexts: number, events: number): Promise<{ messages: number }> {
  const store = await openLevelStore(dir)
  await fillContexts(store, contexts)
  const big = timelineMessages(events, BIG_CONTEXT, BIG_TIMELINE)
  for (let i = 0; i < big.length; i += 5_000) {
    await store.append(big.slice(i, i + 5_000), i === 0 ? [{ context: BIG_CONTEXT, id: BIG_TIMELINE, created: T0 }] : [])
  }
  await store.close()
  return { messages: big.length }
}
