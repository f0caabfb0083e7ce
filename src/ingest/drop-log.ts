// Log lines for events the full ingest queue did not take: one line per transport every interval at
// most, saying how many since the last, so a flood costs a few lines and never goes unsaid.

import type { Logger } from '../server/log.ts'

export type DropLog = (transport: 'udp' | 'http', events: number) => void

export function createDropLog(log: Logger, now: () => number = Date.now, interval = 10_000): DropLog {
  const last = new Map<string, { at: number; hidden: number }>()
  return (transport, events) => {
    const t = now()
    const seen = last.get(transport)
    if (seen !== undefined && t - seen.at < interval) {
      seen.hidden += events
      return
    }
    const more = seen !== undefined && seen.hidden > 0 ? ` (and ${seen.hidden} since ${new Date(seen.at).toISOString()})` : ''
    const what = transport === 'udp' ? 'dropped' : 'answered 503 to'
    log.warn(`ingest queue full: ${what} ${events} ${transport} events${more}; the store is not keeping up`)
    last.set(transport, { at: t, hidden: 0 })
  }
}
