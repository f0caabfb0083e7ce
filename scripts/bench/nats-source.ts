// The NATS JetStream source: a stream filled with msgpack messages of 100 events, drained by the source into
// LevelDB (each message acknowledged once its events are durable), beside a bare consumer that only
// acknowledges the same messages. They take turns on streams of their own, ROUNDS times; medians.
//
//   node --import tsx scripts/bench/nats-source.ts

import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { decode, encode } from '@msgpack/msgpack'
import { AckPolicy, type JetStreamManager, RetentionPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream'
import { type NatsConnection, connect, headers } from '@nats-io/transport-node'
import { Hono } from 'hono'
import { createDelivery } from '../../src/pipeline/deliver.ts'
import { createFormats, uptoFormat } from '../../src/pipeline/formats.ts'
import { createIngest } from '../../src/pipeline/ingest.ts'
import { createLogger } from '../../src/pipeline/log.ts'
import { createMetrics } from '../../src/pipeline/metrics.ts'
import { natsSource } from '../../src/sources/nats/index.ts'
import { openLevelStore } from '../../src/store/level.ts'
import { count, perSecond, ratio, table } from './lib/format.ts'
import { type Check, emit } from './lib/report.ts'
import { median } from './lib/stats.ts'

const URL = process.env.UPTO_BENCH_NATS ?? 'nats://127.0.0.1:4222'
const BATCH = 100
const MESSAGES = 3_000
const ROUNDS = 3
const CONTEXT = 'bench-nats'
const TARGET = 'NATS JetStream source, msgpack messages of 100 events, durable before the acknowledgement'
const log = (line: string) => process.stderr.write(`nats-source: ${line}\n`)

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

/** A fresh stream of MESSAGES messages on a subject of its own, each with its Content-Type header. */
async function fill(stream: string, round: string): Promise<string> {
  const subject = `upto.bench.${stream}`
  await jsm.streams.delete(stream).catch(() => undefined)
  await jsm.streams.add({ name: stream, subjects: [subject], retention: RetentionPolicy.Workqueue })
  const h = headers()
  h.set('Content-Type', 'application/msgpack')
  const acks = []
  for (let m = 0; m < MESSAGES; m++) {
    acks.push(js.publish(subject, message(round, m), { headers: h }))
    if (acks.length >= 500) await Promise.all(acks.splice(0))
  }
  await Promise.all(acks)
  return subject
}

/** Until the consumer's ack floor reaches the last message: everything acknowledged. */
async function allAcknowledged(manager: JetStreamManager, stream: string, durable: string): Promise<void> {
  for (;;) {
    const info = await manager.consumers.info(stream, durable)
    if (info.ack_floor.stream_seq >= MESSAGES && info.num_ack_pending === 0) return
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
}

/**
 * The floor: a pull consumer that acknowledges each message and does nothing else (with `decoding`, that first
 * decodes it with @msgpack/msgpack, as the HTTP floor does). Seconds to drain.
 */
async function bare(stream: string, decoding = false): Promise<number> {
  await fill(stream, 'bare')
  await jsm.consumers.add(stream, { durable_name: 'bare', ack_policy: AckPolicy.Explicit, max_ack_pending: 1000 })
  const consumer = await js.consumers.get(stream, 'bare')
  const t0 = performance.now()
  let items = 0
  const messages = await consumer.consume({
    max_messages: 200,
    callback: (m) => {
      if (decoding) items += (decode(m.data) as unknown[]).length
      m.ack()
    },
  })
  await allAcknowledged(jsm, stream, 'bare')
  const seconds = (performance.now() - t0) / 1000
  await messages.close()
  await jsm.streams.delete(stream)
  if (decoding && items !== MESSAGES * BATCH) throw new Error(`the decoding floor read ${items} items, expected ${MESSAGES * BATCH}`)
  return seconds
}

/** The source on a fresh LevelDB folder: seconds until every message is acknowledged, and the events stored. */
async function upto(stream: string, round: string): Promise<{ seconds: number; stored: number }> {
  const subject = await fill(stream, round)
  const dir = await mkdtemp(join(tmpdir(), 'upto-bench-nats-'))
  const store = await openLevelStore(dir)
  const metrics = createMetrics()
  const logger = createLogger({ sink: (line) => log(line) })
  const ingest = createIngest({ store, metrics, log: logger })
  const deliver = createDelivery({ source: 'nats', ingest, metrics, log: logger, now: Date.now })
  const context = { name: 'nats', deliver, formats: createFormats([uptoFormat]), log: logger, metrics, now: Date.now, app: new Hono() }
  const t0 = performance.now()
  const running = await natsSource.start({ url: URL, stream, subject, durable: 'upto', format: 'upto' }, context)
  await allAcknowledged(jsm, stream, 'upto')
  const seconds = (performance.now() - t0) / 1000
  await running.close()
  await ingest.close()
  const stored = (await store.messages(CONTEXT, round)).length
  await store.close()
  await rm(dir, { recursive: true, force: true })
  await jsm.streams.delete(stream)
  return { seconds, stored }
}

const events = MESSAGES * BATCH
// warm-up, uncounted
await bare('BENCH_BARE_WARM')
await upto('BENCH_UPTO_WARM', 'warm-up')

const rounds: Array<{ bare: number; decoding: number; upto: number; stored: number }> = []
for (let r = 1; r <= ROUNDS; r++) {
  const b = await bare(`BENCH_BARE_${r}`)
  const d = await bare(`BENCH_DECODE_${r}`, true)
  const u = await upto(`BENCH_UPTO_${r}`, `round-${r}`)
  log(`round ${r}: bare ${Math.round(events / b)} events/s, decoding ${Math.round(events / d)}, source ${Math.round(events / u.seconds)} events/s (${u.stored} stored)`)
  rounds.push({ bare: b, decoding: d, upto: u.seconds, stored: u.stored })
}
await nc.drain()

const floorRate = median(rounds.map((r) => events / r.bare))
const decodingRate = median(rounds.map((r) => events / r.decoding))
const uptoRate = median(rounds.map((r) => events / r.upto))
const share = uptoRate / floorRate
const missing = rounds.reduce((n, r) => n + Math.max(0, events - r.stored), 0)
const met = share >= 0.5 && uptoRate >= 50_000 && missing === 0

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
events each (${count(events)} events, \`Content-Type: application/msgpack\`), then drained; the time runs from the start of the
consumer until its ack floor reaches the last message. The floor and the source take turns on fresh streams, ${ROUNDS} rounds
after a warm-up; the figure is the median round.

- **Floor**: a pull consumer (\`consume()\`, 200 messages a pull) that acknowledges each message and does nothing else.
  Beside it, not a target: the same consumer decoding each message with \`@msgpack/msgpack\` before acknowledging it (the
  HTTP scenario's floor decodes too).
- **Source**: \`natsSource\` (its defaults: 200 messages a pull, at most 1,000 unacknowledged) into the ingest queue over a fresh
  LevelDB folder: each message decoded, its events stored (group commits with fsync, as for HTTP), then acknowledged.
  Afterwards the store held ${missing === 0 ? 'every event of every round' : `**${count(missing)} events fewer than sent**`}.

| | median rate |
| --- | --- |
| floor | ${perSecond(floorRate)} (${perSecond(floorRate / BATCH, 'messages/s')}) |
| floor, decoding each message | ${perSecond(decodingRate)} (${perSecond(decodingRate / BATCH, 'messages/s')}) |
| source | ${perSecond(uptoRate)} (${perSecond(uptoRate / BATCH, 'messages/s')}) |

Source / floor: **${ratio(share)}** (target ≥ 0.5×, and ≥ 50,000 events/s): **${met ? 'met' : 'missed'}**. Source / decoding
floor: ${ratio(uptoRate / decodingRate)}.

<details><summary>Every round</summary>

${table(['round', 'floor', 'decoding floor', 'source', 'stored'], rounds.map((r, i) => [`${i + 1}`, perSecond(events / r.bare), perSecond(events / r.decoding), perSecond(events / r.upto), count(r.stored)]))}

</details>
`,
})
