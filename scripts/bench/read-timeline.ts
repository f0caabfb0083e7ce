// Reading one timeline of 100 events (200 messages) from a LevelDB store of 1,000,000 events (10,000
// timelines), against the same read from a store of 1,000 events (10 timelines): an index lookup costs
// about the same in both, a scan would cost a thousand times more. Random timelines, big and small in turn.
//
//   node --import tsx scripts/bench/read-timeline.ts

import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { buildTimeline } from '../../src/core/timeline.ts'
import { openLevelStore } from '../../src/store/level.ts'
import type { Store } from '../../src/store/types.ts'
import { CONTEXT, EVENTS_PER_TIMELINE, buildStore, cachedStore, timelineId } from './lib/big-store.ts'
import { count, ms, ratio, table } from './lib/format.ts'
import { type Check, emit } from './lib/report.ts'
import { median, quantile } from './lib/stats.ts'

const BIG = 10_000 // timelines
const SMALL = 10
const READS = 400
const WARM = 50

const big = await cachedStore(BIG)
const smallDir = await mkdtemp(join(tmpdir(), 'upto-bench-read-'))
await buildStore(smallDir, SMALL)

const stores = { big: await openLevelStore(big.dir), small: await openLevelStore(smallDir) }
// a little seeded randomness, so every run reads the same timelines
let seed = 7
const random = () => ((seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0) / 2 ** 32)

async function readOnce(store: Store, timelines: number): Promise<{ read: number; built: number; messages: number }> {
  const id = timelineId(Math.floor(random() * timelines))
  const t0 = performance.now()
  const info = await store.timeline(CONTEXT, id)
  const messages = await store.messages(CONTEXT, id)
  const t1 = performance.now()
  if (info === undefined) throw new Error(`timeline ${id} is missing`)
  const timeline = buildTimeline(info, messages)
  const t2 = performance.now()
  if (timeline.rows.length < EVENTS_PER_TIMELINE) throw new Error(`timeline ${id} has ${timeline.rows.length} rows`)
  return { read: t1 - t0, built: t2 - t0, messages: messages.length }
}

const samples = { big: [] as number[], small: [] as number[], bigBuilt: [] as number[], smallBuilt: [] as number[] }
let messagesPerRead = 0
for (let i = 0; i < WARM + READS; i++) {
  const b = await readOnce(stores.big, BIG)
  const s = await readOnce(stores.small, SMALL)
  messagesPerRead = b.messages
  if (i < WARM) continue
  samples.big.push(b.read)
  samples.bigBuilt.push(b.built)
  samples.small.push(s.read)
  samples.smallBuilt.push(s.built)
}
await stores.big.close()
await stores.small.close()
await rm(smallDir, { recursive: true, force: true })

const share = median(samples.big) / median(samples.small)
const checks: Check[] = [{
  scenario: 'read one 100-event timeline from 1,000,000 events',
  measured: ms(median(samples.big)),
  floor: `${ms(median(samples.small))} (the same read from 1,000 events)`,
  ratio: ratio(share),
  target: '≤ 2×',
  met: share <= 2,
}]
const row = (name: string, read: number[], built: number[]) =>
  [name, ms(median(read)), ms(quantile(read, 0.9)), ms(median(built))]

emit({
  id: 'read-timeline',
  title: 'Reading one timeline from a big store',
  checks,
  body: `
Both stores hold timelines of ${EVENTS_PER_TIMELINE} events — a start and an end each, ${count(messagesPerRead)} messages — built by direct
appends that each carry one message of up to 1,000 timelines, as interleaved live traffic would: every message is its own
LevelDB record. The big store (${count(BIG * EVENTS_PER_TIMELINE)} events, ${count(BIG)} timelines) is kept in
\`node_modules/.cache/upto-bench/stores/\` between runs and built again when the store's code changes${big.built ? ` (built in this run: ${big.seconds.toFixed(0)} s)` : ''};
the small one (${count(SMALL * EVENTS_PER_TIMELINE)} events) is built fresh. A read is \`store.timeline()\` + \`store.messages()\` of a
random timeline; the big and the small store take turns, ${READS} reads each after ${WARM} to warm up.

${table(['store', 'read, median', 'read, p90', 'read + build the timeline, median'], [
  row(`${count(BIG * EVENTS_PER_TIMELINE)} events`, samples.big, samples.bigBuilt),
  row(`${count(SMALL * EVENTS_PER_TIMELINE)} events`, samples.small, samples.smallBuilt),
])}

Big / small: **${ratio(share)}** (target ≤ 2×): **${share <= 2 ? 'met' : 'missed'}**.
`,
})
