// A collector in this process (memory store, port 0) and a way to send it events.

import { type Collector, startCollector } from '../../src/server/collector.ts'
import { createMemoryStore } from '../../src/store/memory.ts'

export interface Served {
  collector: Collector
  base: string
  lines: string[]
  send(events: Record<string, unknown>[]): Promise<void>
  close(): Promise<void>
}

export async function serve(): Promise<Served> {
  const lines: string[] = []
  const collector = await startCollector({ port: 0, store: createMemoryStore(), log: (l) => lines.push(l), closeTimeout: 3_000 })
  const base = `http://127.0.0.1:${collector.httpPort}`
  return {
    collector,
    base,
    lines,
    async send(events) {
      const res = await fetch(`${base}/api/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(events),
      })
      const body = (await res.json()) as { accepted: number; refused: unknown[] }
      if (!res.ok || body.refused.length > 0) throw new Error(`events refused: ${JSON.stringify(body)}`)
    },
    close: () => collector.close(),
  }
}
