// Log lines for events the ingest queue did not take: one line per source and reason every interval at
// most, saying how many since the last, so a flood costs a few lines and never goes unsaid.

import type { Logger } from './log.ts'
import type { DropReason } from './metrics.ts'

/** `outcome`: what became of them, in words: 'dropped' (nobody waits: UDP), 'answered 503 to' (HTTP)… */
export type DropLog = (source: string, events: number, reason?: DropReason, outcome?: string) => void

const WHY: Readonly<Record<DropReason, string>> = {
  queue_full: 'ingest queue full',
  store_unavailable: 'store taking no writes',
}
const AFTER: Readonly<Record<DropReason, string>> = {
  queue_full: 'the store is not keeping up',
  store_unavailable: 'see the store lines above',
}

export function createDropLog(log: Logger, now: () => number = Date.now, interval = 10_000): DropLog {
  const last = new Map<string, { at: number; hidden: number }>()
  return (source, events, reason = 'queue_full', outcome = 'dropped') => {
    const t = now()
    const k = `${source} ${reason}`
    const seen = last.get(k)
    if (seen !== undefined && t - seen.at < interval) {
      seen.hidden += events
      return
    }
    const more = seen !== undefined && seen.hidden > 0 ? ` (and ${seen.hidden} since ${new Date(seen.at).toISOString()})` : ''
    log.warn(`${WHY[reason]}: ${outcome} ${events} ${source} events${more}; ${AFTER[reason]}`)
    last.set(k, { at: t, hidden: 0 })
  }
}
