// The home page and /api/contexts of a collector holding 100,000 contexts (LevelDB, one run each): both answer
// a page of 100 by name, so their time is that of 100 contexts, not of 100,000. The floor is the same page of a
// collector holding 100 contexts, measured in the same run.
//
//   node --import tsx scripts/bench/home-page.ts

import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startCollector } from '../../src/server/collector.ts'
import { openLevelStore } from '../../src/store/level.ts'
import { fillContexts } from './lib/busy-store.ts'
import { count, ms, ratio, table } from './lib/format.ts'
import { type Check, emit } from './lib/report.ts'
import { median, quantile } from './lib/stats.ts'

const MANY = 100_000
const FEW = 100
const REQUESTS = 40
const WARM = 5
const TARGET_MS = 100

interface Timing {
  median: number
  p90: number
  bytes: number
}

async function timed(url: string): Promise<Timing> {
  const samples: number[] = []
  let bytes = 0
  for (let i = 0; i < WARM + REQUESTS; i++) {
    const t0 = performance.now()
    const res = await fetch(url)
    const body = await res.arrayBuffer()
    const took = performance.now() - t0
    if (!res.ok) throw new Error(`${url} answered ${res.status}`)
    bytes = body.byteLength
    if (i >= WARM) samples.push(took)
  }
  return { median: median(samples), p90: quantile(samples, 0.9), bytes }
}

async function measure(contexts: number): Promise<{ home: Timing; api: Timing; fillSeconds: number }> {
  const dir = await mkdtemp(join(tmpdir(), 'upto-bench-home-'))
  try {
    const store = await openLevelStore(join(dir, 'data'))
    const t0 = performance.now()
    await fillContexts(store, contexts)
    const fillSeconds = (performance.now() - t0) / 1000
    const collector = await startCollector({ store, port: 0, log: () => {} })
    try {
      const base = `http://127.0.0.1:${collector.httpPort}`
      return { home: await timed(`${base}/`), api: await timed(`${base}/api/contexts`), fillSeconds }
    } finally {
      await collector.close()
      await store.close()
    }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

const few = await measure(FEW)
const many = await measure(MANY)
const checks: Check[] = [{
  scenario: `GET / with ${count(MANY)} contexts`,
  measured: ms(many.home.median),
  floor: `${ms(few.home.median)} (the same page with ${count(FEW)} contexts)`,
  ratio: ratio(many.home.median / few.home.median),
  target: `≤ ${TARGET_MS} ms`,
  met: many.home.median <= TARGET_MS,
}]
const row = (what: string, t: Timing) => [what, ms(t.median), ms(t.p90), `${count(Math.round(t.bytes / 1024))} KiB`]

emit({
  id: 'home-page',
  title: 'The home page with 100,000 contexts',
  checks,
  body: `
A LevelDB collector holding ${count(MANY)} contexts, one run each (a start and an end; filled in ${many.fillSeconds.toFixed(0)} s), against one
holding ${count(FEW)}. Both \`/\` and \`/api/contexts\` answer a page of 100 contexts by name (\`?limit=&after=\` for the others,
\`?prefix=\` to find one), each with its newest run and the sparkline of its last 20; ${REQUESTS} requests each after ${WARM} to warm up,
one at a time over loopback.

${table(['request', 'median', 'p90', 'size'], [
  row(`GET / — ${count(MANY)} contexts`, many.home),
  row(`GET / — ${count(FEW)} contexts`, few.home),
  row(`GET /api/contexts — ${count(MANY)} contexts`, many.api),
  row(`GET /api/contexts — ${count(FEW)} contexts`, few.api),
])}

\`GET /\` with ${count(MANY)} contexts: **${ms(many.home.median)}** (target ≤ ${TARGET_MS} ms): **${many.home.median <= TARGET_MS ? 'met' : 'missed'}**.
`,
})
