// Log lines for events the ingest queue did not take: one line per transport and reason every interval at
// most, saying how many since the last, so a flood costs a few lines and never goes unsaid.

import type { Logger } from '../server/log.ts'
import type { DropReason } from './metrics.ts'

export type DropLog = (transport: 'udp' | 'http', events: number, reason?: DropReason) => void

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
  return (transport, events, reason = 'queue_full') => {
    const t = now()
    const k = `${transport} ${reason}`
    const seen = last.get(k)
    if (seen !== undefined && t - seen.at < interval) {
      seen.hidden += events
      return
    }
    const more = seen !== undefined && seen.hidden > 0 ? ` (and ${seen.hidden} since ${new Date(seen.at).toISOString()})` : ''
    const what = transport === 'udp' ? 'dropped' : 'answered 503 to'
    log.warn(`${WHY[reason]}: ${what} ${events} ${transport} events${more}; ${AFTER[reason]}`)
    last.set(k, { at: t, hidden: 0 })
  }
}
