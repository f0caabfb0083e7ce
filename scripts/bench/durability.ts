// What durability costs, and what disk the events take. An HTTP acknowledgement must survive kill -9 of the
// collector (test/robustness/crash.test.ts) — LevelDB writes each batch to the OS before the batch
// resolves, which is all kill -9 needs — and, with fsync, a crash of the machine. The collector syncs the
// group commits that hold HTTP events (--sync acknowledged, the default); --sync always syncs UDP ones too,
// --sync never none. Measured here: the store alone, batch by batch, with and without fsync; then the
// collector over HTTP and UDP in each mode; then the disk a million events take, LevelDB and PostgreSQL.
//
//   node --import tsx scripts/bench/durability.ts [--events 1000000]

import { execFileSync } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import type { Incoming } from '../../src/core/types.ts'
import { createPlacer } from '../../src/pipeline/placer.ts'
import { openLevelStore } from '../../src/store/level.ts'
import { openPostgresStore } from '../../src/store/postgres.ts'
import type { Store } from '../../src/store/types.ts'
import { startChild } from './lib/children.ts'
import { count, mb, ms, perSecond, ratio, table } from './lib/format.ts'
import { dropSchema, findPostgres } from './lib/postgres.ts'
import { emit } from './lib/report.ts'
import { median } from './lib/stats.ts'

const argAt = process.argv.indexOf('--events')
const DISK_EVENTS = argAt > 0 ? Number(process.argv[argAt + 1]) : Number(process.env.UPTO_BENCH_DISK_EVENTS ?? 1_000_000)
const SECONDS = 2
const UDP_RATE = 60_000
const ROUNDS = 3
const MODES = ['never', 'acknowledged', 'always'] as const
const log = (line: string) => process.stderr.write(`durability: ${line}\n`)
const T0 = Date.UTC(2026, 0, 1)

interface Traffic {
  /** Runs in progress at once: a batch holds events of this many timelines. */
  runs: number
  /** Each event with an attr of 12 random hex digits, one in ten with a message of 60 random characters, 20 hosts. */
  rich: boolean
}

/**
 * CI timelines of 100 events (a start and an end per dotted step), every tenth end with a status and an attr;
 * `runs` of them in progress at once, their events interleaved as live traffic is.
 */
function* events(context: string, total: number, size: number, traffic: Traffic = { runs: 1, rich: false }): Generator<{ events: Incoming[]; received: number }> {
  let batch: Incoming[] = []
  let seed = 42
  const random = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32)
  const hex = (n: number) => Array.from({ length: n }, () => Math.floor(random() * 16).toString(16)).join('')
  for (let i = 0; i < total; i++) {
    const group = Math.floor(i / (100 * traffic.runs))
    const run = group * traffic.runs + (i % traffic.runs)
    const n = Math.floor(i / traffic.runs) % 100
    const kind = n % 2 === 0 ? 'start' : 'end'
    const time = T0 + run * 60_000 + n * 100 + Math.floor(random() * 50)
    const event: Incoming = { kind, context, timeline: `run-${run}`, name: `build.stage${n % 8}.step${n >> 1}`, host: 'ci-runner-1', time }
    if (kind === 'end' && n % 10 === 1) Object.assign(event, { status: 'ok', attrs: { exit: '0' } })
    if (traffic.rich) {
      event.host = `ci-runner-${run % 20}`
      event.attrs = { ...event.attrs, commit: hex(12) }
      if (n % 10 === 3) event.message = hex(60)
    }
    batch.push(event)
    if (batch.length === size) {
      yield { events: batch, received: time }
      batch = []
    }
  }
  if (batch.length > 0) yield { events: batch, received: T0 + total * 100 }
}

async function write(store: Store, context: string, total: number, size: number, sync: boolean, traffic?: Traffic): Promise<number> {
  const placer = createPlacer(store)
  const started = performance.now()
  for (const chunk of events(context, total, size, traffic)) {
    const placed = await placer.place([chunk])
    await store.append(placed.messages, placed.created, sync ? { sync: true } : undefined)
  }
  return (performance.now() - started) / 1000
}

// ---- 1. the store alone ----
const storeRows: string[][] = []
{
  const dir = await mkdtemp(join(tmpdir(), 'upto-bench-sync-'))
  try {
    const store = await openLevelStore(dir)
    for (const [size, total] of [[1, 3_000], [100, 100_000], [5_000, 500_000]] as const) {
      const cells: Record<string, number> = {}
      for (const sync of [false, true]) {
        const times: number[] = []
        for (let r = 0; r < ROUNDS; r++) times.push(await write(store, `store-${size}-${sync}-${r}`, total, size, sync))
        cells[String(sync)] = median(times)
      }
      const [off, on] = [cells.false!, cells.true!]
      const batches = total / size
      log(`store: batches of ${size}: ${off.toFixed(2)} s without fsync, ${on.toFixed(2)} s with`)
      storeRows.push([count(size), perSecond(total / off), `${ms((off / batches) * 1000)}`, perSecond(total / on), `${ms((on / batches) * 1000)}`, `+${ms(((on - off) / batches) * 1000)}`, ratio(on / off)])
    }
    await store.close()
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

// ---- 2. the collector over HTTP and UDP, in each mode ----
interface Load { requests: number; accepted: number; failed: number; seconds: number; firstError?: string }
const { child: loader } = await startChild('lib/http-load')
const { child: sender } = await startChild('lib/udp-sender')
const httpRows: string[][] = []
const udpRows: string[][] = []
const shapes = [
  { what: '1 client, 1 event a request (a CI step with --http)', connections: 1, batch: 1 },
  { what: '32 clients, 1 event a request', connections: 32, batch: 1 },
  { what: '8 clients, 100 events a request', connections: 8, batch: 100 },
]
// The three collectors run side by side, and take turns round by round: a busy moment of the machine falls on
// every mode alike, not on one.
const collectors = await Promise.all(MODES.map(async (mode) => {
  const data = await mkdtemp(join(tmpdir(), `upto-bench-${mode}-`))
  const { child, ready } = await startChild<{ udpPort: number; httpPort: number }>('lib/sync-collector-child', { args: [data, mode] })
  return { mode, data, child, ready, stored: 0, lost: 0 }
}))
try {
  for (const c of collectors) {
    await loader.call<Load>({ cmd: 'load', port: c.ready.httpPort, path: '/api/events', connections: 4, seconds: 1, batch: 10, context: 'warm', timeline: 'w' })
  }
  for (const shape of shapes) {
    const results = new Map<string, Load[]>(MODES.map((m) => [m, []]))
    for (let r = 0; r < ROUNDS; r++) {
      for (const c of collectors) {
        const timeline = `${c.mode}-${shape.connections}-${shape.batch}-${r}`
        const load = await loader.call<Load>({ cmd: 'load', port: c.ready.httpPort, path: '/api/events', connections: shape.connections, seconds: SECONDS, batch: shape.batch, context: 'http', timeline })
        if (load.failed > 0) throw new Error(`${c.mode}, ${shape.what}: ${load.failed} requests failed: ${load.firstError}`)
        results.get(c.mode)!.push(load)
      }
    }
    const rates = MODES.map((m) => median(results.get(m)!.map((l) => l.accepted / l.seconds)))
    const cells = MODES.map((m, i) => {
      const latency = median(results.get(m)!.map((l) => (l.seconds * 1000 * shape.connections) / l.requests))
      log(`http ${m}: ${shape.what}: ${Math.round(rates[i]!)} events/s, ${latency.toFixed(2)} ms`)
      return `${perSecond(rates[i]!)}, ${ms(latency)} a request`
    })
    httpRows.push([shape.what, ...cells, `${Math.round((1 - rates[1]! / rates[0]!) * 100)} % of the throughput`])
  }
  const floods = new Map<string, Array<{ rate: number; stored: number; lost: number }>>(MODES.map((m) => [m, []]))
  for (let r = 0; r < ROUNDS; r++) {
    for (const c of collectors) floods.get(c.mode)!.push(await udpFlood(c, `${c.mode}-${r}`))
  }
  for (const mode of MODES) {
    const f = floods.get(mode)!
    udpRows.push([`--sync ${mode}`, perSecond(median(f.map((x) => x.rate)), 'datagrams/s'), count(median(f.map((x) => x.stored))), count(median(f.map((x) => x.lost)))])
  }
} finally {
  for (const c of collectors) {
    await c.child.stop()
    await rm(c.data, { recursive: true, force: true })
  }
}
await loader.stop()
await sender.stop()

/** A UDP flood: how much is stored, and how much is lost (counted) when batches are synced or not. */
async function udpFlood(c: { ready: { httpPort: number; udpPort: number }; stored: number; lost: number }, what: string): Promise<{ rate: number; stored: number; lost: number }> {
  const sent = await sender.call<{ sent: number; seconds: number }>({ cmd: 'send', port: c.ready.udpPort, rate: UDP_RATE, seconds: SECONDS, context: 'udp', timeline: what })
  const started = performance.now()
  let last = await counters(c.ready.httpPort)
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 200))
    const now = await counters(c.ready.httpPort)
    if ((now.stored === last.stored && now.queued === 0) || performance.now() - started > 30_000) break
    last = now
  }
  const now = await counters(c.ready.httpPort)
  const stored = now.stored - now.storedBefore - c.stored
  const lost = now.kernel + now.dropped - c.lost
  c.stored += stored
  c.lost += lost
  log(`udp ${what}: ${sent.sent} sent, ${stored} stored, ${lost} dropped (kernel or full queue)`)
  return { rate: sent.sent / sent.seconds, stored, lost }
}

/** What the collector's /metrics says; HTTP events stored before the flood are told apart by their transport. */
async function counters(port: number) {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text()
  const sum = (name: string, labels = '') => {
    let total = 0
    for (const m of text.matchAll(new RegExp(`^${name}(?:\\{([^}]*)\\})? (\\d+)$`, 'gm'))) if ((m[1] ?? '').includes(labels)) total += Number(m[2])
    return total
  }
  return {
    stored: sum('upto_events_stored_total'),
    storedBefore: sum('upto_events_accepted_total', 'transport="http"'),
    queued: sum('upto_ingest_queue_length'),
    kernel: sum('upto_udp_kernel_drops_total'),
    dropped: sum('upto_events_dropped_total', 'transport="udp"'),
  }
}

// ---- 3. disk per million events ----
const diskRows: string[][] = []
const variants: Array<[string, Traffic]> = [
  ['one run at a time', { runs: 1, rich: false }],
  ['1,000 runs at once', { runs: 1_000, rich: false }],
  ['1,000 runs at once, rich events', { runs: 1_000, rich: true }],
]
const url = await findPostgres()
for (const [what, traffic] of variants) {
  const dir = await mkdtemp(join(tmpdir(), 'upto-bench-disk-'))
  let level = ['–', '–']
  try {
    let store = await openLevelStore(dir)
    log(`disk: ${count(DISK_EVENTS)} events into LevelDB, ${what}`)
    await write(store, 'disk', DISK_EVENTS, 5_000, false, traffic)
    await store.close()
    const written = folderBytes(dir)
    // reopening turns the write-ahead log into a table, as any restart does
    store = await openLevelStore(dir)
    await store.close()
    level = [perMillion(written), perMillion(folderBytes(dir))]
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
  let postgres = 'not measured: no server'
  if (url !== undefined) {
    const schema = `upto_bench_disk_${process.pid}`
    try {
      const store = await openPostgresStore(url, { schema })
      log(`disk: ${count(DISK_EVENTS)} events into PostgreSQL, ${what}`)
      await write(store, 'disk', DISK_EVENTS, 5_000, false, traffic)
      await store.close()
      postgres = perMillion(await postgresBytes(url, schema))
    } finally {
      await dropSchema(url, schema)
    }
  }
  diskRows.push([what, ...level, postgres])
}

function perMillion(bytes: number): string {
  return `${mb((bytes / DISK_EVENTS) * 1_000_000)} (${Math.round(bytes / DISK_EVENTS)} B an event)`
}

function folderBytes(dir: string): number {
  return Number(execFileSync('du', ['-sb', dir], { encoding: 'utf8' }).split('\t')[0])
}

async function postgresBytes(url: string, schema: string): Promise<number> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    await client.query(`VACUUM ANALYZE "${schema}".messages`)
    const { rows } = await client.query<{ bytes: string }>(
      `SELECT sum(pg_total_relation_size(c.oid))::bigint AS bytes FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = $1 AND c.relkind = 'r'`, [schema])
    return Number(rows[0]?.bytes ?? 0)
  } finally {
    await client.end()
  }
}

emit({
  id: 'durability',
  title: 'Durability: what fsync costs, and the disk a million events take',
  body: `An HTTP acknowledgement survives kill -9 of the collector in every mode: LevelDB has written the batch to the
OS (its log) before append() resolves, and test/robustness/crash.test.ts kills a collector mid-stream and finds every
acknowledged event, with and without fsync. To survive a crash of the machine or a power cut too, the batch must be
fsynced first: the collector does it for every group commit that holds HTTP events (\`--sync acknowledged\`, the
default), not for UDP-only ones (UDP acknowledges nothing); \`--sync always\` syncs those too, \`--sync never\` none.

The store alone, LevelDB, one append after the other, medians of ${ROUNDS}:

${table(['events a batch', 'no fsync', 'per batch', 'fsync', 'per batch', 'fsync adds', 'time ×'], storeRows)}

The collector over HTTP (msgpack, keep-alive connections, each answer once its batch is durable), ${SECONDS} s, medians of ${ROUNDS}:

${table(['load', ...MODES.map((m) => `--sync ${m}`), 'what the default costs'], httpRows)}

Requests that arrive while a batch is being written share the next group commit, and so its fsync: the more
clients at once, the smaller the share each pays. UDP batches are synced only with \`--sync always\`; a flood of
${count(UDP_RATE)} datagrams/s for ${SECONDS} s (one event a datagram), medians of ${ROUNDS}, and what of it was stored or
lost (every loss counted at /metrics: the queue full, or the kernel's receive buffer):

${table(['mode', 'sent', 'stored', 'lost, counted'], udpRows)}

Disk per million events, measured on ${count(DISK_EVENTS)} events of CI timelines (100 events a run: starts and ends of
dotted steps, every tenth end with a status and an attr) written as the collector writes them (placed, batches of
5,000). "1,000 runs at once" interleaves the runs as live traffic does, so each LevelDB record holds a run's few
events of one batch; "rich" adds a 12-hex-digit attr to every event, a 60-character message to one in ten, 20 hosts.
LevelDB's log is turned into Snappy-compressed tables at the next start (and by compaction as it grows); PostgreSQL
counts tables, indexes and TOAST after VACUUM.

${table(['traffic', 'LevelDB as written', 'LevelDB after a restart', 'PostgreSQL'], diskRows)}`,
  checks: [],
})
