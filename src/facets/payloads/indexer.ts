// Keeps the payloads' index up with the events: each durable batch that touches payload timelines has those
// payloads derived again from all their messages (so out-of-order and redelivered messages come out the same),
// one batch after another; payloads whose timelines retention removed leave it. At start it indexes the newest payloads the index does not know yet: those whose
// events were made durable just before a crash, when their index was not.

import { errorMessage, type Logger } from '../../pipeline/log.ts'
import type { ChangeFeed } from '../../pipeline/change-feed.ts'
import type { Removals } from '../../pipeline/removals.ts'
import type { Store } from '../../store/types.ts'
import { derive, type Derived } from './model/payload.ts'
import { payloadsContext } from './model/status.ts'
import type { PayloadIndex } from './store.ts'

export interface Indexer {
  /** Resolves once every change heard so far is in the index. */
  settled(): Promise<void>
  close(): Promise<void>
}

/** Payloads re-derived in one write of the index. */
const BATCH = 200
/** At start: how many known payloads in a row end the catching up. */
const KNOWN_IN_A_ROW = 100

export interface IndexerOptions {
  store: Store
  index: PayloadIndex
  changes: ChangeFeed
  /** What retention removed: those payloads leave the index too. */
  removals?: Removals | undefined
  log: Logger
  context?: string
}

export function startIndexer(options: IndexerOptions): Indexer {
  const { store, index, changes, log } = options
  const context = options.context ?? payloadsContext
  const waiting = new Set<string>()
  let tail: Promise<void> = Promise.resolve()

  async function reindex(ids: readonly string[]): Promise<void> {
    for (let i = 0; i < ids.length; i += BATCH) {
      const derived: Derived[] = []
      for (const id of ids.slice(i, i + BATCH)) {
        const d = derive(id, await store.messages(context, id))
        if (d !== undefined) derived.push(d)
      }
      await index.put(derived)
    }
  }

  const run = (work: () => Promise<void>) => {
    tail = tail.then(work).catch((error: unknown) => log.error(`payload index: ${errorMessage(error)}`))
  }

  run(async () => {
    const missing: string[] = []
    let known = 0
    let before: string | undefined
    while (known < KNOWN_IN_A_ROW) {
      const page = await store.timelines(context, { limit: 100, ...(before === undefined ? {} : { before }) })
      for (const t of page.items) {
        if ((await index.get(t.id)) === undefined) {
          missing.push(t.id)
          known = 0
        } else if (++known >= KNOWN_IN_A_ROW) break
      }
      if (page.next === undefined) break
      before = page.next
    }
    if (missing.length > 0) {
      await reindex(missing)
      log.info(`payload index: ${missing.length} payloads indexed from their events`)
    }
  })

  const unsubscribe = changes.subscribe(context, (changed) => {
    const fresh = changed.filter((c) => !waiting.has(c.timeline))
    if (fresh.length === 0) return
    for (const c of fresh) waiting.add(c.timeline)
    run(async () => {
      const ids = [...waiting]
      waiting.clear()
      await reindex(ids)
    })
  })

  const unheard = options.removals?.subscribe((removed) => {
    const ids = removed.filter((t) => t.context === context).map((t) => t.id)
    if (ids.length > 0) run(() => index.remove(ids))
  })

  return {
    settled: () => tail,
    async close() {
      unsubscribe()
      unheard?.()
      await tail
    },
  }
}
