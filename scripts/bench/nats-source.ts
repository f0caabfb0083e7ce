// The NATS JetStream source: a stream filled with msgpack messages of 100 events, drained by the source into
// LevelDB (each message acknowledged once its events are durable), beside a bare consumer that only
// acknowledges the same messages, and beside the two halves of the source's work measured without NATS: the
// decoding of the same messages, and the ingest queue storing the same events. Each round runs every one of
// them on fresh streams and folders, ROUNDS times after a warm-up; medians.
//
//   node --import tsx scripts/bench/nats-source.ts      (UPTO_BENCH_NATS_ROUNDS=15 for more rounds)

import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { decode, encode } from '@msgpack/msgpack'
import { type JetStreamManager, RetentionPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream'
import { type NatsConnection, connect, headers } from '@nats-io/transport-node'
import { Hono } from 'hono'
import type { Incoming } from '../../src/core/types.ts'
import { createDelivery } from '../../src/pipeline/deliver.ts'
import { type Format, createFormats, uptoFormat } from '../../src/pipeline/formats.ts'
import { createIngest, defaultMaxBatch } from '../../src/pipeline/ingest.ts'
import { createLogger } from '../../src/pipeline/log.ts'
import { createMetrics } from '../../src/pipeline/metrics.ts'
import { natsSource } from '../../src/sources/nats/index.ts'
import { addMessageIds } from '../../src/sources/nats/message-ids.ts'
import { readNatsOptions } from '../../src/sources/nats/settings.ts'
import { ensureConsumer } from '../../src/sources/nats/stream.ts'
import { openLevelStore } from '../../src/store/level.ts'
import { ownCpu, processCpu } from './lib/cpu-time.ts'
import { count, perSecond, ratio, table } from './lib/format.ts'
import { machine } from './lib/machine.ts'
import { type Check, emit } from './lib/report.ts'
import { median } from './lib/stats.ts'

const URL = process.env.UPTO_BENCH_NATS ?? 'nats://127.0.0.1:4222'
const BATCH = 100
const MESSAGES = 3_000
const ROUNDS = Number(process.env.UPTO_BENCH_NATS_ROUNDS ?? 9)
const CONTEXT = 'bench-nats'
const TARGET = 'NATS JetStream source, msgpack messages of 100 events, durable before the acknowledgement'
const MEDIA = 'application/msgpack'
const log = (line: string) => process.stderr.write(`nats-source: ${line}\n`)
const quiet = createLogger({ sink: () => {} })
/** The local nats-server's CPU seconds so far, every thread; undefined when it runs elsewhere. */
const serverCpu = processCpu('nats-server')

/** CPU seconds used over one row's drain: this process's (every thread) and the local nats-server's. */
interface Cpu { own: number; server: number }
function cpuSince(start: Cpu): Cpu {
  return { own: ownCpu() - start.own, server: (serverCpu?.() ?? 0) - start.server }
}
const cpuNow = (): Cpu => ({ own: ownCpu(), server: serverCpu?.() ?? 0 })

let nc: NatsConnection
try {
  nc = await connect({ servers: URL, timeout: 3_000, reconnect: false })
  await (await jetstreamManager(nc)).getAccountInfo()
} catch (error) {
  const checks: Check[] = [{ scenario: TARGET, measured: '—', floor: '—', target: '≥ 0.5× and ≥ 50,000 events/s', met: undefined }]
  emit({ id: 'nats-source', title: 'NATS JetStream source: messages of 100 events', checks,
    body: `Not measured: no NATS server with JetStream at ${URL} (${(error as Error).message}). Start \`nats-server -js\`, or set UPTO_BENCH_NATS.` })
  process.exit(0)
}
const jsm = await jetstreamManager(nc)
const js = jetstream(nc)

/** One message of 100 events: steps of a CI run, a start and an end each, as a client sends them. */
function message(round: string, m: number): Uint8Array {
  const t0 = Date.UTC(2026, 0, 1) + m * 10_000
  return encode(Array.from({ length: BATCH }, (_, i) => ({
    type: i % 2 === 0 ? 0 : 1,
    context: CONTEXT,
    timeline: round,
    name: `build.stage${i % 8}.step${i >> 1}`,
    host: `ci-runner-${m % 20}`,
    time: new Date(t0 + i * 50),
  })))
}

function messages(round: string): Uint8Array[] {
  return Array.from({ length: MESSAGES }, (_, m) => message(round, m))
}

/** A fresh stream (work-queue retention, as the source makes it) holding `bodies`, each with its Content-Type. */
async function fill(stream: string, bodies: readonly Uint8Array[]): Promise<string> {
  const subject = `upto.bench.${stream}`
  await jsm.streams.delete(stream).catch(() => undefined)
  await jsm.streams.add({ name: stream, subjects: [subject], retention: RetentionPolicy.Workqueue })
  const h = headers()
  h.set('Content-Type', MEDIA)
  const acks = []
  for (const body of bodies) {
    acks.push(js.publish(subject, body, { headers: h }))
    if (acks.length >= 500) await Promise.all(acks.splice(0))
  }
  await Promise.all(acks)
  return subject
}

/** Until the consumer's ack floor reaches the last message, none pending, none delivered twice. */
async function allAcknowledged(stream: string, durable: string, manager: JetStreamManager = jsm): Promise<void> {
  for (;;) {
    const info = await manager.consumers.info(stream, durable)
    if (info.ack_floor.stream_seq >= MESSAGES && info.num_ack_pending === 0) {
      if (info.num_redelivered > 0) throw new Error(`${stream}: ${info.num_redelivered} messages delivered again`)
      return
    }
    await new Promise((resolve) => setTimeout(resolve, 2))
  }
}

/**
 * The floor: what any consumer of these messages must do, and nothing more. As the source, it connects, makes
 * its durable consumer with the source's own code and settings (explicit acks, ack wait, max_ack_pending, the
 * subject filter), pulls with consume() `batch` messages at a time, and acknowledges each message; with
 * `decoding`, it first decodes each with @msgpack/msgpack (the HTTP floor does the same). Seconds to drain.
 */
async function bare(stream: string, bodies: readonly Uint8Array[], decoding = false): Promise<{ seconds: number; cpu: Cpu }> {
  const subject = await fill(stream, bodies)
  const own = await connect({ servers: URL })
  const options = readNatsOptions('bare', { url: URL, stream, subject, durable: 'bare' })
  await ensureConsumer(await jetstreamManager(own), 'bare', options, quiet)
  const consumer = await jetstream(own).consumers.get(stream, 'bare')
  let taken = 0
  let items = 0
  let t0 = NaN
  const cpu0 = cpuNow()
  const pulled = await consumer.consume({
    max_messages: options.batch,
    callback: (m) => {
      if (taken++ === 0) t0 = performance.now()
      if (decoding) items += (decode(m.data) as unknown[]).length
      m.ack()
    },
  })
  await allAcknowledged(stream, 'bare')
  const seconds = (performance.now() - t0) / 1000
  const cpu = cpuSince(cpu0)
  await pulled.close()
  await own.close()
  await jsm.streams.delete(stream)
  if (taken !== MESSAGES) throw new Error(`the bare consumer took ${taken} messages, expected ${MESSAGES}`)
  if (decoding && items !== MESSAGES * BATCH) throw new Error(`the decoding floor read ${items} items, expected ${MESSAGES * BATCH}`)
  return { seconds, cpu }
}

/** The source's first half without NATS: one message decoded by its format and given its ids, as the source does. */
function decodeOne(body: Uint8Array, m: number): Incoming[] {
  const decoded = uptoFormat.decode(body, { received: Date.now(), contentType: MEDIA })
  if (decoded.refused.length > 0 || decoded.events.length !== BATCH) throw new Error(`message ${m} decoded to ${decoded.events.length} events`)
  addMessageIds(decoded.events, 'BENCH', m + 1)
  return decoded.events
}

/** Seconds to decode every message, each one's events dropped after, as the source drops them once stored. */
function decoding(bodies: readonly Uint8Array[]): { seconds: number; cpu: Cpu } {
  const cpu0 = cpuNow()
  const t0 = performance.now()
  let events = 0
  for (let m = 0; m < bodies.length; m++) events += decodeOne(bodies[m]!, m).length
  const seconds = (performance.now() - t0) / 1000
  const cpu = cpuSince(cpu0)
  if (events !== MESSAGES * BATCH) throw new Error(`decoded ${events} events, expected ${MESSAGES * BATCH}`)
  return { seconds, cpu }
}

/**
 * The source's second half without NATS: the same events submitted to the ingest queue over a fresh LevelDB
 * folder in the source's submits (as many messages as fit in one append), two under way at once: group commits
 * with fsync, as the source makes them. Seconds until all are durable, and the events stored.
 */
async function storing(round: string, bodies: readonly Uint8Array[]): Promise<{ seconds: number; busy: number; stored: number; cpu: Cpu }> {
  const decoded = bodies.map(decodeOne) // before the clock starts: the store's part alone is timed
  const submits: Incoming[][] = []
  for (let m = 0; m < decoded.length; m += defaultMaxBatch / BATCH) submits.push(decoded.slice(m, m + defaultMaxBatch / BATCH).flat())
  const dir = await mkdtemp(join(tmpdir(), 'upto-bench-nats-'))
  const store = await openLevelStore(dir)
  const ingest = createIngest({ store, metrics: createMetrics(), log: quiet })
  const cpu0 = cpuNow()
  const t0 = performance.now()
  const loop = performance.eventLoopUtilization()
  // two submits under way at once, as the source keeps them: one written while the next waits its turn
  const next = async () => {
    for (let events = submits.shift(); events !== undefined; events = submits.shift()) await ingest.submit(events)
  }
  await Promise.all([next(), next()])
  const seconds = (performance.now() - t0) / 1000
  // the main thread's part: placing and packing; LevelDB's writing and fsync run on a thread of their own
  const busy = seconds * performance.eventLoopUtilization(loop).utilization
  const cpu = cpuSince(cpu0)
  await ingest.close()
  const stored = (await store.messages(CONTEXT, round)).length
  await store.close()
  await rm(dir, { recursive: true, force: true })
  return { seconds, busy, stored, cpu }
}

/** The source on a fresh LevelDB folder: seconds from its first message until every one is acknowledged, and the events stored. */
async function upto(stream: string, round: string, bodies: readonly Uint8Array[]): Promise<{ seconds: number; stored: number; cpu: Cpu }> {
  const subject = await fill(stream, bodies)
  const dir = await mkdtemp(join(tmpdir(), 'upto-bench-nats-'))
  const store = await openLevelStore(dir)
  const metrics = createMetrics()
  const logger = createLogger({ sink: (line) => { if (!line.includes(' info ')) log(line) } })
  const ingest = createIngest({ store, metrics, log: logger })
  const deliver = createDelivery({ source: 'nats', ingest, metrics, log: logger, now: Date.now })
  // the clock starts at the first message the source decodes, as the floor's at the first it takes (the source
  // decodes it at most one turn of the event loop after it came: well under a millisecond of a drain of hundreds)
  let t0 = NaN
  let cpu0: Cpu = { own: NaN, server: NaN }
  const timed: Format = { name: 'upto', decode: (bytes, meta) => {
    if (Number.isNaN(t0)) {
      cpu0 = cpuNow()
      t0 = performance.now()
    }
    return uptoFormat.decode(bytes, meta)
  } }
  const context = { name: 'nats', deliver, formats: createFormats([timed]), log: logger, metrics, now: Date.now, app: new Hono() }
  const running = await natsSource.start({ url: URL, stream, subject, durable: 'upto', format: 'upto' }, context)
  await allAcknowledged(stream, 'upto')
  const seconds = (performance.now() - t0) / 1000
  const cpu = cpuSince(cpu0)
  await running.close()
  await ingest.close()
  const stored = (await store.messages(CONTEXT, round)).length
  await store.close()
  await rm(dir, { recursive: true, force: true })
  await jsm.streams.delete(stream)
  return { seconds, stored, cpu }
}

interface Round {
  bare: number; decoding: number; decode: number; store: number; storeBusy: number; upto: number; stored: number; storeStored: number
  cpu: { bare: Cpu; decode: Cpu; store: Cpu; upto: Cpu }
}

async function round(name: string, tag: string): Promise<Round> {
  const bodies = messages(name)
  const b = await bare(`BENCH_BARE_${tag}`, bodies)
  const d = await bare(`BENCH_DECODE_${tag}`, bodies, true)
  const decode = decoding(bodies)
  const s = await storing(name, bodies)
  const u = await upto(`BENCH_UPTO_${tag}`, name, bodies)
  return {
    bare: b.seconds, decoding: d.seconds, decode: decode.seconds, store: s.seconds, storeBusy: s.busy, upto: u.seconds,
    stored: u.stored, storeStored: s.stored, cpu: { bare: b.cpu, decode: decode.cpu, store: s.cpu, upto: u.cpu },
  }
}

const events = MESSAGES * BATCH
const rate = (seconds: number) => events / seconds
await round('warm-up', 'WARM') // uncounted: the JIT, the server's first streams

const rounds: Round[] = []
for (let r = 1; r <= ROUNDS; r++) {
  const x = await round(`round-${r}`, `${r}`)
  log(`round ${r}: bare ${count(rate(x.bare))} events/s, decoding ${count(rate(x.decoding))}, decode alone ${count(rate(x.decode))}, ` +
    `store alone ${count(rate(x.store))}, source ${count(rate(x.upto))} (${x.stored} stored)`)
  rounds.push(x)
}
await nc.drain()

const floorRate = median(rounds.map((r) => rate(r.bare)))
const decodingRate = median(rounds.map((r) => rate(r.decoding)))
const decodeRate = median(rounds.map((r) => rate(r.decode)))
const storeRate = median(rounds.map((r) => rate(r.store)))
// one thread decoding then storing each event, nothing else: what the source would reach if NATS cost nothing
const bothRate = median(rounds.map((r) => rate(r.decode + r.store)))
// the same with the store's waits (LevelDB's thread, fsync) hidden behind decoding: no source on one thread beats it
const ceilingRate = median(rounds.map((r) => rate(r.decode + r.storeBusy)))
const uptoRate = median(rounds.map((r) => rate(r.upto)))
const share = uptoRate / floorRate
const missing = rounds.reduce((n, r) => n + Math.max(0, events - r.stored) + Math.max(0, events - r.storeStored), 0)
const met = share >= 0.5 && uptoRate >= 50_000 && missing === 0

// CPU per event, both processes (this one, every thread, and the local nats-server): what half the floor asks of the machine
const perEvent = (pick: (r: Round) => Cpu) => median(rounds.map((r) => (pick(r).own + pick(r).server) / events))
const cpuNats = perEvent((r) => r.cpu.bare)
const cpuDecode = perEvent((r) => r.cpu.decode)
const cpuStore = perEvent((r) => r.cpu.store)
const cpuSource = perEvent((r) => r.cpu.upto)
const cores = machine().nproc
/** Cores busy at half the floor's rate, were the source's work spread over threads with nothing added. */
const halfFloorCores = (floorRate / 2) * (cpuNats + cpuDecode + cpuStore)
const micros = (seconds: number) => `${(seconds * 1e6).toFixed(2)} µs`
const ofFloor = (x: number) => ratio(x / floorRate)

const checks: Check[] = [{
  scenario: TARGET,
  measured: perSecond(uptoRate),
  floor: `${perSecond(floorRate)} (a bare pull consumer that only acknowledges)`,
  ratio: ratio(share),
  target: '≥ 0.5× and ≥ 50,000 events/s',
  met,
}]
emit({
  id: 'nats-source',
  title: 'NATS JetStream source: messages of 100 events',
  checks,
  body: `
A stream (work-queue retention, file storage, on the local nats-server) is filled with ${count(MESSAGES)} msgpack messages of ${BATCH}
events each (${count(events)} events, \`Content-Type: application/msgpack\`), then drained; the time runs from the first message
the consumer takes until its ack floor reaches the last message, none pending and none delivered twice (connecting and
making the consumer are left out of both: a fixed cost would flatter the ratio). Each round runs every row
below on fresh streams and folders, ${ROUNDS} rounds after a warm-up; the figures are the medians of the rounds.

- **Floor**: what any consumer of these messages must do and no more: it connects, makes its durable consumer with the
  source's own code and settings (explicit acknowledgements, 30 s ack wait, at most 1,000 unacknowledged, the subject
  filter), pulls with \`consume()\` 200 messages at a time, and acknowledges each message. Beside it, not a target: the
  same consumer decoding each message with \`@msgpack/msgpack\` before acknowledging it (the HTTP scenario's floor
  decodes too).
- **Source**: \`natsSource\` with its defaults into the ingest queue over a fresh LevelDB folder: each message decoded, its
  events stored (group commits with fsync, as for HTTP), then acknowledged. Afterwards the store held
  ${missing === 0 ? 'every event of every round' : `**${count(missing)} events fewer than sent**`}.
- **What bounds the source**, measured in the same rounds without NATS: the same messages decoded by the source's format,
  each event given its id as the source does (*decode alone*); the same events submitted to the ingest queue over a
  fresh LevelDB folder in the source's submits of ${count(defaultMaxBatch)} events, one append with fsync each (*store
  alone*, the store's own write floor for these events); and one thread doing both one after the other (*decode, then
  store*). The source does both on one main thread, plus NATS; only LevelDB's writing and fsync run beside it, so even
  hiding every wait for them it could not beat *decode, then the store's main-thread part* (the event loop's busy time
  while storing alone).

| | median rate | / floor |
| --- | --- | --- |
| floor | ${perSecond(floorRate)} (${perSecond(floorRate / BATCH, 'messages/s')}) | 1.00× |
| floor, decoding each message with @msgpack/msgpack | ${perSecond(decodingRate)} | ${ofFloor(decodingRate)} |
| decode alone (the source's format, no NATS) | ${perSecond(decodeRate)} | ${ofFloor(decodeRate)} |
| store alone (ingest queue into LevelDB, fsync per append) | ${perSecond(storeRate)} | ${ofFloor(storeRate)} |
| decode, then store | ${perSecond(bothRate)} | ${ofFloor(bothRate)} |
| decode, then the store's main-thread part | ${perSecond(ceilingRate)} | ${ofFloor(ceilingRate)} |
| **source** | ${perSecond(uptoRate)} (${perSecond(uptoRate / BATCH, 'messages/s')}) | **${ratio(share)}** |

Source / floor: **${ratio(share)}** (target ≥ 0.5×, and ≥ 50,000 events/s): **${met ? 'met' : 'missed'}**. Source / decode,
then store: ${ratio(uptoRate / bothRate)}.${met ? '' : ` ${bound()}`}
${serverCpu === undefined ? `
The nats-server is not a process of this machine, so the CPU it spends is not counted here.
` : `
**CPU per event**, in the same rounds: this process's CPU time (every thread: the event loop, LevelDB's, the garbage
collector's) plus the local nats-server's (every thread, from \`/proc\`), over each row's drain, divided by its events;
medians. The floor's figure is what NATS itself costs, client and server, for each event taken and acknowledged.

| | CPU per event | cores busy at its rate |
| --- | --- | --- |
| floor: NATS, client and server | ${micros(cpuNats)} | ${(cpuNats * floorRate).toFixed(2)} |
| decode alone | ${micros(cpuDecode)} | ${(cpuDecode * decodeRate).toFixed(2)} |
| store alone | ${micros(cpuStore)} | ${(cpuStore * storeRate).toFixed(2)} |
| **source** | ${micros(cpuSource)} | ${(cpuSource * uptoRate).toFixed(2)} |

At half the floor (${perSecond(floorRate / 2)}), NATS, decoding and storing alone would keep **${halfFloorCores.toFixed(2)} cores**
busy, with nothing added for passing events between threads; this machine has ${cores}.${halfFloorCores > cores
  ? ' The target is beyond this machine whatever the threads.'
  : ''}
`}
<details><summary>Every round</summary>

${table(['round', 'floor', 'decoding floor', 'decode alone', 'store alone', 'source', 'stored'], rounds.map((r, i) => [`${i + 1}`,
  perSecond(rate(r.bare)), perSecond(rate(r.decoding)), perSecond(rate(r.decode)), perSecond(rate(r.store)), perSecond(rate(r.upto)), count(r.stored)]))}

</details>
`,
})

/** Why the target was missed, from this run's own figures. */
function bound(): string {
  const half = floorRate / 2
  const under = [
    decodeRate < half ? `decoding alone (${ofFloor(decodeRate)})` : '',
    storeRate < half ? `the store alone (${ofFloor(storeRate)})` : '',
  ].filter((s) => s !== '')
  if (under.length > 0) return `Half the floor is beyond ${under.join(' and ')}, before NATS costs anything.`
  if (ceilingRate < half) {
    return `Half the floor is beyond decoding then storing on one thread, even with every wait for LevelDB hidden (${ofFloor(ceilingRate)}), ` +
      'before NATS costs anything.'
  }
  return 'Decoding and storing alone would allow it: the rest is the source\'s own.'
}
