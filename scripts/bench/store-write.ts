// The write path of the stores, PostgreSQL beside LevelDB: events placed in their timelines and appended
// as the ingest queue does it (createPlacer + append, one batch after the other), at the collector's
// largest batch and at a small one; then two writers at once on one database, as two collectors; then
// the time to read one timeline back once millions of events are stored. No sockets, no decoding: the
// store alone. PostgreSQL is the server on 127.0.0.1:5432 ($UPTO_BENCH_POSTGRES), in a schema of its
// own, dropped after; without one, its rows say so.
//
//   node --import tsx scripts/bench/store-write.ts [--events 1000000]

import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Incoming } from '../../src/core/types.ts'
import { createPlacer } from '../../src/pipeline/placer.ts'
import { openLevelStore } from '../../src/store/level.ts'
import { openPostgresStore } from '../../src/store/postgres.ts'
import type { Store } from '../../src/store/types.ts'
import { count, ms, perSecond, table } from './lib/format.ts'
import { dropSchema, findPostgres, postgresUrls } from './lib/postgres.ts'
import { emit } from './lib/report.ts'
import { median, quantile } from './lib/stats.ts'

const argAt = process.argv.indexOf('--events')
const EVENTS = argAt > 0 ? Number(process.argv[argAt + 1]) : Number(process.env.UPTO_BENCH_EVENTS ?? 200_000)
const PER_TIMELINE = 100
const READS = 200
const log = (line: string) => process.stderr.write(`store-write: ${line}\n`)

/** `total` events of context `context`: timelines of 100 (50 steps, start and end), each named by the sender. */
function* chunks(context: string, total: number, size: number): Generator<{ events: Incoming[]; received: number }> {
  const t0 = Date.UTC(2026, 0, 1)
  let events: Incoming[] = []
  for (let i = 0; i < total; i++) {
    const run = Math.floor(i / PER_TIMELINE)
    const n = i % PER_TIMELINE
    const kind = n % 2 === 0 ? 'start' : 'end'
    const extra = kind === 'end' && n % 10 === 1 ? { status: 'ok', attrs: { exit: '0' } } : {}
    const name = `build.stage${n % 8}.step${n >> 1}`
    const time = t0 + run * 60_000 + n * 100
    events.push({ kind, context, timeline: `run-${run}`, name, host: 'ci-runner-1', time, ...extra })
    if (events.length === size) {
      yield { events, received: t0 + run * 60_000 + n * 100 }
      events = []
    }
  }
  if (events.length > 0) yield { events, received: t0 + total * 1_000 }
}

/** Writes as the ingest queue does: place a batch, append it, then the next. Events per second. */
async function write(store: Store, context: string, total: number, batch: number): Promise<number> {
  const placer = createPlacer(store)
  const started = performance.now()
  for (const chunk of chunks(context, total, batch)) {
    const placed = await placer.place([chunk])
    await store.append(placed.messages, placed.created)
  }
  return total / ((performance.now() - started) / 1000)
}

/** Median and p95 of reading one whole timeline (100 messages), over timelines spread through the store. */
async function reads(store: Store, context: string, timelines: number): Promise<{ median: number; p95: number }> {
  const times: number[] = []
  for (let i = 0; i < READS; i++) {
    const id = `run-${Math.floor(((i * 7919) % READS) / READS * timelines)}`
    const started = performance.now()
    const messages = await store.messages(context, id)
    times.push(performance.now() - started)
    if (messages.length !== PER_TIMELINE) {
      throw new Error(`${context}/${id}: ${messages.length} messages, expected ${PER_TIMELINE}`)
    }
  }
  return { median: median(times), p95: quantile(times, 0.95) }
}


const writeRows: string[][] = []
const readRows: string[][] = []
const small = Math.min(EVENTS, 50_000)
const row = (store: string, what: string, events: number, rate: number) => [store, what, count(events), perSecond(rate)]

const folder = await mkdtemp(join(tmpdir(), 'upto-bench-store-'))
try {
  const level = await openLevelStore(join(folder, 'data'))
  log(`LevelDB: ${count(EVENTS)} events`)
  writeRows.push(row('LevelDB', '1 writer, batches of 5,000', EVENTS, await write(level, 'big', EVENTS, 5_000)))
  writeRows.push(row('LevelDB', '1 writer, batches of 100', small, await write(level, 'small', small, 100)))
  const r = await reads(level, 'big', EVENTS / PER_TIMELINE)
  readRows.push(['LevelDB', count(EVENTS + small), ms(r.median), ms(r.p95)])
  await level.close()
} finally {
  await rm(folder, { recursive: true, force: true })
}

const url = await findPostgres()
if (url === undefined) {
  writeRows.push(['PostgreSQL', `not measured: no server at ${postgresUrls.join(' or ')}`, '–', '–'])
} else {
  const schema = `upto_bench_${process.pid}`
  try {
    const a = await openPostgresStore(url, { schema })
    const b = await openPostgresStore(url, { schema })
    log(`PostgreSQL: ${count(EVENTS)} events`)
    writeRows.push(row('PostgreSQL', '1 writer, batches of 5,000', EVENTS, await write(a, 'big', EVENTS, 5_000)))
    writeRows.push(row('PostgreSQL', '1 writer, batches of 100', small, await write(a, 'small', small, 100)))
    const pairs = [['2 collectors, 2 contexts', 'two-a', 'two-b'], ['2 collectors, 1 context', 'one', 'one']] as const
    for (const [what, first, second] of pairs) {
      const started = performance.now()
      await Promise.all([write(a, first, small, 5_000), write(b, second, small, 5_000)])
      const rate = (2 * small) / ((performance.now() - started) / 1000)
      writeRows.push(row('PostgreSQL', `${what}, batches of 5,000`, 2 * small, rate))
    }
    const durable = await openPostgresStore(url, { schema, sync: true })
    writeRows.push(row('PostgreSQL, sync=on', '1 writer, batches of 5,000', small, await write(durable, 'sync-big', small, 5_000)))
    writeRows.push(row('PostgreSQL, sync=on', '1 writer, batches of 100', small, await write(durable, 'sync-small', small, 100)))
    const r = await reads(a, 'big', EVENTS / PER_TIMELINE)
    readRows.push(['PostgreSQL', count(EVENTS + 5 * small), ms(r.median), ms(r.p95)])
    await Promise.all([a.close(), b.close(), durable.close()])
  } finally {
    await dropSchema(url, schema)
  }
}

emit({
  id: 'store-write',
  title: 'Store write path: PostgreSQL beside LevelDB',
  body: `Events placed and appended as the ingest queue does (createPlacer, then append; the next batch after the
previous is durable), timelines of ${PER_TIMELINE} events named by the sender; no sockets, no decoding. PostgreSQL
places each batch inside its write transaction, under a lock per context (collectors stay stateless); LevelDB
places from its in-memory cache. "2 collectors" are two stores on one database writing at once. Both stores
by default let append() resolve before the disk is flushed (LevelDB without fsync; PostgreSQL with
synchronous_commit off); "sync=on" waits for the server's WAL flush.

${table(['store', 'writers and batch size', 'events', 'written'], writeRows)}

Reading one timeline (${PER_TIMELINE} messages, \`messages()\`) once the store holds every event above, over ${READS}
timelines spread through it:

${table(['store', 'events stored', 'median', 'p95'], readRows)}`,
  checks: [],
})
