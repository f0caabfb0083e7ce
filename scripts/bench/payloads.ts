// Payload tracking: status messages made durable over HTTP (POST /api/v1/payloads/status, bodies of 100), beside
// upto's own events through /api/events in bodies of 100, same collector, same run: the floor. Then look-ups
// (GET /payloads?inventory_id=X, GET /payloads/{id}) on a store of 1,000,000 statuses against one of 1,000.
//
//   node --import tsx scripts/bench/payloads.ts

import { Agent, request } from 'node:http'
import { RetentionPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream'
import { type NatsConnection, connect } from '@nats-io/transport-node'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Stored, TimelineInfo } from '../../src/core/types.ts'
import { derive, type Derived } from '../../src/facets/payloads/model/payload.ts'
import { statusEvent, readStatus, type StatusMessage } from '../../src/facets/payloads/model/status.ts'
import { payloadIndex } from '../../src/facets/payloads/store.ts'
import { startCollector } from '../../src/server/collector.ts'
import { openLevelStore } from '../../src/store/level.ts'
import { startCollectorChild } from './lib/collector.ts'
import { count, ms, perSecond, ratio, table } from './lib/format.ts'
import { type Check, emit } from './lib/report.ts'
import { median, quantile } from './lib/stats.ts'

const BATCH = 100
const SECONDS = 4
const CONNECTIONS = 8
const INGEST_TARGET = 30_000
const BIG = 1_000_000
const SMALL = 1_000
const STATUSES_PER_PAYLOAD = 4
const REQUESTS = 300
const WARM = 30
const LOOKUP_TARGET_MS = 10

const hex32 = (n: number) => n.toString(16).padStart(32, '0')
const services = ['ingress', 'puptoo', 'inventory', 'advisor']
const T0 = Date.UTC(2026, 0, 1)

/** The statuses of payload n: received and success at two services, a second apart. */
function statuses(n: number): Record<string, unknown>[] {
  return Array.from({ length: STATUSES_PER_PAYLOAD }, (_, i) => ({
    service: services[(i >> 1) % services.length], source: 'insights-client', request_id: hex32(n),
    status: i % 2 === 0 ? 'received' : 'success', date: new Date(T0 + n * 10 + i).toISOString(),
    account: `acct-${n % 1_000}`, org_id: `org-${n % 100}`, inventory_id: hex32(n + 0x1_0000_0000),
  }))
}

/** POSTs bodies from `next()` on CONNECTIONS kept-alive connections for SECONDS; what was accepted, per second. */
async function load(port: number, path: string, next: () => Buffer): Promise<{ perSecond: number; failed: number; firstError?: string }> {
  const agent = new Agent({ keepAlive: true, maxSockets: CONNECTIONS })
  let accepted = 0
  let failed = 0
  let firstError: string | undefined
  const t0 = performance.now()
  const deadline = t0 + SECONDS * 1_000
  const one = (body: Buffer) => new Promise<void>((resolve) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': body.length } }, (res) => {
      const parts: Buffer[] = []
      res.on('data', (c: Buffer) => parts.push(c))
      res.on('end', () => {
        const text = Buffer.concat(parts).toString()
        const n = res.statusCode === 200 ? ((JSON.parse(text) as { accepted?: number }).accepted ?? 0) : 0
        if (n === BATCH) accepted += n
        else {
          failed++
          firstError ??= `HTTP ${res.statusCode}: ${text.slice(0, 200)}`
        }
        resolve()
      })
    })
    req.on('error', (e) => {
      failed++
      firstError ??= e.message
      resolve()
    })
    req.end(body)
  })
  await Promise.all(Array.from({ length: CONNECTIONS }, async () => {
    while (performance.now() < deadline) await one(next())
  }))
  agent.destroy()
  return { perSecond: accepted / ((performance.now() - t0) / 1_000), failed, ...(firstError ? { firstError } : {}) }
}

// ---- ingest ----
let payload = 0
const statusBody = () => {
  const messages: Record<string, unknown>[] = []
  while (messages.length < BATCH) messages.push(...statuses(payload++))
  return Buffer.from(JSON.stringify(messages))
}
let event = 0
const eventBody = () => Buffer.from(JSON.stringify(Array.from({ length: BATCH }, () => {
  const n = event++
  return { type: n % 2 ? 'end' : 'start', context: 'bench-floor', timeline: hex32(n >> 2), name: `${services[(n >> 1) % 4]}.insights-client`, time: T0 + n }
})))

const collector = await startCollectorChild()
let statusRate: Awaited<ReturnType<typeof load>>
let floorRate: Awaited<ReturnType<typeof load>>
try {
  floorRate = await load(collector.httpPort, '/api/events', eventBody)
  statusRate = await load(collector.httpPort, '/api/v1/payloads/status', statusBody)
} finally {
  await collector.stop()
  await collector.remove()
}

// ---- from NATS ----
const NATS_URL = process.env.UPTO_BENCH_NATS ?? 'nats://127.0.0.1:4222'
const NATS_MESSAGES = 1_000

/**
 * A stream filled with NATS_MESSAGES messages of BATCH statuses, then drained by a collector with a
 * `format = "payload-status"` source: statuses per second from its first acknowledgement to its last.
 */
async function fromNats(): Promise<{ perSecond: number } | { skipped: string }> {
  let nc: NatsConnection
  try {
    nc = await connect({ servers: NATS_URL, timeout: 3_000, reconnect: false })
    await (await jetstreamManager(nc)).getAccountInfo()
  } catch (error) {
    return { skipped: `no NATS server with JetStream at ${NATS_URL} (${(error as Error).message})` }
  }
  const jsm = await jetstreamManager(nc)
  const js = jetstream(nc)
  const stream = `BENCH_PAYLOADS_${process.pid}`
  const subject = `bench.payloads.${process.pid}`
  await jsm.streams.add({ name: stream, subjects: [subject], retention: RetentionPolicy.Workqueue })
  const acks = []
  for (let m = 0; m < NATS_MESSAGES; m++) {
    acks.push(js.publish(subject, statusBody()))
    if (acks.length >= 200) await Promise.all(acks.splice(0))
  }
  await Promise.all(acks)
  const dir = await mkdtemp(join(tmpdir(), 'upto-bench-payloads-nats-'))
  const t0 = performance.now()
  const running = await startCollector({
    data: join(dir, 'data'), port: 0, log: () => {},
    sources: [{ name: 'payloads', type: 'nats', enabled: true, format: 'payload-status', options: { url: NATS_URL, stream, subject, durable: 'bench' } }],
  })
  try {
    let first = NaN
    for (;;) {
      const info = await jsm.consumers.info(stream, 'bench').catch(() => undefined)
      if (info && Number.isNaN(first) && info.ack_floor.stream_seq > 0) first = performance.now()
      if (info && info.ack_floor.stream_seq >= NATS_MESSAGES && info.num_ack_pending === 0) break
      if (performance.now() - t0 > 120_000) throw new Error('the NATS stream was not drained in 2 minutes')
      await new Promise((resolve) => setTimeout(resolve, 5))
    }
    const seconds = (performance.now() - (Number.isNaN(first) ? t0 : first)) / 1_000
    return { perSecond: (NATS_MESSAGES * BATCH) / seconds }
  } finally {
    await running.close()
    await jsm.streams.delete(stream).catch(() => undefined)
    await nc.close()
    await rm(dir, { recursive: true, force: true })
  }
}
const nats = await fromNats()

// ---- look-ups ----
interface Lookups {
  fillSeconds: number
  byInventory: { p50: number; p99: number }
  byId: { p50: number; p99: number }
}

async function timed(url: string, n: number): Promise<{ p50: number; p99: number }> {
  const samples: number[] = []
  for (let i = 0; i < WARM + REQUESTS; i++) {
    const t0 = performance.now()
    const res = await fetch(url.replace('{n}', hex32(i % n)).replace('{inv}', hex32((i % n) + 0x1_0000_0000)))
    const body = await res.json() as { count?: number; data?: unknown[] }
    const took = performance.now() - t0
    if (!res.ok || (body.data?.length ?? 0) === 0) throw new Error(`${url} answered ${res.status} with ${JSON.stringify(body).slice(0, 200)}`)
    if (i >= WARM) samples.push(took)
  }
  return { p50: median(samples), p99: quantile(samples, 0.99) }
}

async function lookups(statusCount: number): Promise<Lookups> {
  const dir = await mkdtemp(join(tmpdir(), 'upto-bench-payloads-'))
  try {
    const store = await openLevelStore(join(dir, 'data'))
    const index = payloadIndex(store.state('payloads'))
    const payloads = statusCount / STATUSES_PER_PAYLOAD
    const t0 = performance.now()
    for (let from = 0; from < payloads; from += 2_500) {
      const messages: Stored[] = []
      const created: TimelineInfo[] = []
      const derived: Derived[] = []
      for (let n = from; n < Math.min(payloads, from + 2_500); n++) {
        const mine = statuses(n).map((s, i) => ({ ...statusEvent(readStatus(s) as StatusMessage), received: T0 + n * 10 + i }) as Stored)
        messages.push(...mine)
        created.push({ context: 'payloads', id: hex32(n), created: T0 + n * 10 })
        derived.push(derive(hex32(n), mine)!)
      }
      await store.append(messages, created)
      await index.put(derived)
    }
    const fillSeconds = (performance.now() - t0) / 1_000
    await store.close()
    // a collector of its own, its heap not the one that made the million statuses
    const running = await startCollectorChild({ data: join(dir, 'data') })
    try {
      const base = `http://127.0.0.1:${running.httpPort}/api/v1`
      return { fillSeconds, byInventory: await timed(`${base}/payloads?inventory_id={inv}`, payloads), byId: await timed(`${base}/payloads/{n}`, payloads) }
    } finally {
      await running.stop()
    }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

const small = await lookups(SMALL)
const big = await lookups(BIG)

const lookupCheck = (what: string, b: { p50: number; p99: number }, s: { p50: number; p99: number }): Check => ({
  scenario: `${what} on ${count(BIG)} statuses, p99`,
  measured: ms(b.p99),
  floor: `${ms(s.p99)} (on ${count(SMALL)} statuses)`,
  ratio: ratio(b.p99 / s.p99),
  target: `≤ 2× and ≤ ${LOOKUP_TARGET_MS} ms`,
  met: b.p99 <= 2 * s.p99 && b.p99 <= LOOKUP_TARGET_MS,
})
const checks: Check[] = [
  {
    scenario: 'payload status messages over HTTP, bodies of 100, durable before the answer',
    measured: perSecond(statusRate.perSecond, 'statuses/s'),
    floor: `${perSecond(floorRate.perSecond)} (upto's own events through /api/events, bodies of 100)`,
    ratio: ratio(statusRate.perSecond / floorRate.perSecond),
    target: `≥ ${count(INGEST_TARGET)} statuses/s`,
    met: statusRate.perSecond >= INGEST_TARGET && statusRate.failed === 0,
  },
  {
    scenario: 'payload status messages from NATS JetStream, messages of 100, acknowledged once durable',
    measured: 'perSecond' in nats ? perSecond(nats.perSecond, 'statuses/s') : '—',
    floor: '—',
    target: `≥ ${count(INGEST_TARGET)} statuses/s`,
    met: 'perSecond' in nats ? nats.perSecond >= INGEST_TARGET : undefined,
  },
  lookupCheck('GET /api/v1/payloads?inventory_id=X', big.byInventory, small.byInventory),
  lookupCheck('GET /api/v1/payloads/{request_id}', big.byId, small.byId),
]

emit({
  id: 'payloads',
  title: 'Payload tracking: status messages in, look-ups on a million statuses',
  checks,
  body: `
**Ingest.** A collector child on LevelDB; ${CONNECTIONS} kept-alive connections post JSON bodies of ${BATCH} for ${SECONDS} s each:
first upto's own events to \`/api/events\` (the floor: a start or an end each, four to a timeline), then payload status
messages to \`/api/v1/payloads/status\` (four to a payload: received and success at two services). Each body is answered
once durable; the payloads' index is written after, from each payload's messages.

${table(['what', 'per second', 'failed requests'], [
  ['upto events, /api/events', perSecond(floorRate.perSecond), count(floorRate.failed)],
  ['status messages, /api/v1/payloads/status', perSecond(statusRate.perSecond, 'statuses/s'), count(statusRate.failed)],
])}
${statusRate.firstError ? `\nFirst failure: ${statusRate.firstError}\n` : ''}
**From NATS.** A JetStream stream filled with ${count(NATS_MESSAGES)} messages of ${BATCH} statuses, drained by a collector with
\`[sources.payloads] type = "nats"\`, \`format = "payload-status"\` (each message acknowledged once its statuses are durable),
from its first acknowledgement to its last: ${'perSecond' in nats ? `**${perSecond(nats.perSecond, 'statuses/s')}**` : `not measured: ${nats.skipped}`}.

**Look-ups.** A LevelDB store filled directly with ${count(BIG)} statuses (${count(BIG / STATUSES_PER_PAYLOAD)} payloads, the
events and the index: ${big.fillSeconds.toFixed(0)} s), against one of ${count(SMALL)}, each then served by a collector child of its own;
${REQUESTS} requests each, one at a time, after
${WARM} to warm up, each for another payload.

${table(['request', `p50, ${count(SMALL)}`, `p99, ${count(SMALL)}`, `p50, ${count(BIG)}`, `p99, ${count(BIG)}`], [
  ['GET /payloads?inventory_id=X', ms(small.byInventory.p50), ms(small.byInventory.p99), ms(big.byInventory.p50), ms(big.byInventory.p99)],
  ['GET /payloads/{request_id}', ms(small.byId.p50), ms(small.byId.p99), ms(big.byId.p50), ms(big.byId.p99)],
])}
`,
})
