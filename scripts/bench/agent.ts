// upto agent: events relayed from UDP to a collector, durably, beside the collector's own HTTP ingest of the
// same bodies (the floor: the agent can only be as fast as the route it forwards to); the agent's memory; and the
// buffer's two candidate stores, segment files and LevelDB, on the same queue work.
//
//   npm run build && node --import tsx scripts/bench/agent.ts

import { type ChildProcess, spawn } from 'node:child_process'
import { createSocket } from 'node:dgram'
import { existsSync, readFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Level } from 'level'
import { openSegmentBuffer } from '../../src/agent/relay/segment-buffer.ts'
import { encodeEvent } from '../../src/codecs/encode.ts'
import { startCollectorChild } from './lib/collector.ts'
import { count, mb, perSecond, ratio, table } from './lib/format.ts'
import { root } from './lib/paths.ts'
import { type Check, emit } from './lib/report.ts'

const EVENTS = 100_000
const BATCH = 1_000
const TARGET = 20_000
/** Datagrams a second the sender is paced at. */
const RATE = 30_000
const QUEUE_EVENTS = 100_000
const T0 = Date.UTC(2026, 0, 1)
const bin = join(root, 'bin', 'upto.cjs')

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as { port: number }).port
  await new Promise((resolve) => server.close(resolve))
  return port
}

function rssOf(child: ChildProcess): number {
  const kb = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1]
  return kb === undefined ? NaN : Number(kb) * 1024
}

/** `bin/upto agent`, until it says it listens; its log kept. */
async function startAgent(args: string[]): Promise<{ child: ChildProcess; log: () => string; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, [bin, 'agent', ...args], { stdio: ['ignore', 'ignore', 'pipe'] })
  let log = ''
  child.stderr!.on('data', (c: Buffer) => (log += c))
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const deadline = Date.now() + 15_000
  while (!log.includes('listening on udp')) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`the agent did not start:\n${log}`)
    await sleep(20)
  }
  return { child, log: () => log, stop: async () => { child.kill('SIGTERM'); await exited } }
}

const datagram = (n: number) => encodeEvent({ kind: n % 2 ? 'end' : 'start', context: 'bench-agent', name: `step.s${n >> 1}`, host: 'web1', time: T0 + n, timeline: `t${n >> 12}` })

/**
 * Sends EVENTS datagrams numbered from `from`, 64 at a time, paced at RATE a second: a machine whose steps send
 * that many (an unpaced loop on loopback outruns any receiver, and the kernel drops what the socket cannot hold).
 */
async function sendAll(port: number, from: number): Promise<number> {
  const socket = createSocket('udp4')
  const t0 = performance.now()
  const burst = 64
  for (let n = 0; n < EVENTS; n += burst) {
    await Promise.all(Array.from({ length: Math.min(burst, EVENTS - n) }, (_, i) =>
      new Promise<void>((resolve) => socket.send(datagram(from + n + i), port, '127.0.0.1', () => resolve()))))
    const ahead = t0 + ((n + burst) / RATE) * 1000 - performance.now()
    await (ahead > 1 ? sleep(ahead) : new Promise((resolve) => setImmediate(resolve)))
  }
  socket.close()
  return (performance.now() - t0) / 1000
}

// ---- the floor: the same events, bodies of BATCH, straight to POST /api/events on one connection ----
async function floor(): Promise<number> {
  const collector = await startCollectorChild()
  try {
    const t0 = performance.now()
    for (let n = 0; n < EVENTS; n += BATCH) {
      const body = JSON.stringify(Array.from({ length: BATCH }, (_, i) => {
        const k = n + i
        return { type: k % 2 ? 'end' : 'start', context: 'bench-floor', name: `step.s${k >> 1}`, host: 'web1', time: T0 + k, timeline: `t${k >> 12}`, id: `floor:${k}` }
      }))
      const res = await fetch(`http://127.0.0.1:${collector.httpPort}/api/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body })
      if (!res.ok) throw new Error(`the floor's POST answered ${res.status}: ${await res.text()}`)
      await res.arrayBuffer()
    }
    return EVENTS / ((performance.now() - t0) / 1000)
  } finally {
    await collector.stop()
    await collector.remove()
  }
}

// ---- the other floor: the same paced datagrams straight to the collector's own UDP port ----
async function udpFloor(): Promise<{ stored: number; perSecond: number }> {
  const collector = await startCollectorChild()
  try {
    const t0 = performance.now()
    await sendAll(collector.udpPort, 0)
    const { stored } = await collector.settle()
    return { stored, perSecond: stored / ((performance.now() - t0) / 1000) }
  } finally {
    await collector.stop()
    await collector.remove()
  }
}

// ---- the agent ----
interface Relayed {
  /** Datagrams in, collector down: each written to the buffer. */
  intakePerSecond: number
  /** The buffer drained into the collector once it came up, each batch acknowledged once durable. */
  drainPerSecond: number
  /** Collector up all along: from the first datagram sent to the last event stored. */
  livePerSecond: number
  received: number
  stored: number
  rssIdle: number
  rssFull: number
  rssPeak: number
}

async function relayed(): Promise<Relayed> {
  const data = await mkdtemp(join(tmpdir(), 'upto-bench-agent-'))
  const collectorData = await mkdtemp(join(tmpdir(), 'upto-bench-agent-collector-'))
  const udpPort = await freePort()
  const collectorPort = await freePort()
  const args = ['--collector', `http://127.0.0.1:${collectorPort}`, '--port', String(udpPort), '--data', data, '--retry-max', '200ms', '--buffer-size', '256MiB']
  try {
    // collector down: everything goes to the buffer
    let agent = await startAgent(args)
    await sleep(300)
    const rssIdle = rssOf(agent.child)
    const sendSeconds = await sendAll(udpPort, 0)
    await sleep(300) // the last datagrams written (the agent says how many it took when it stops)
    const rssFull = rssOf(agent.child)
    await agent.stop()
    const received = Number(/(\d+) events received/.exec(agent.log())?.[1] ?? NaN)

    // the collector comes up (on a port of its own), the agent restarted pointing at it: the buffer drains
    const collector = await startCollectorChild({ data: collectorData })
    const drainArgs = args.map((a) => (a === `http://127.0.0.1:${collectorPort}` ? `http://127.0.0.1:${collector.httpPort}` : a))
    try {
      const t0 = performance.now()
      agent = await startAgent(drainArgs)
      let rssPeak = rssOf(agent.child)
      let stored = 0
      while (stored < received) {
        rssPeak = Math.max(rssPeak, rssOf(agent.child))
        stored = (await collector.metrics()).stored
        if (performance.now() - t0 > 120_000) throw new Error(`only ${stored} of ${received} events stored in 2 minutes`)
        await sleep(25)
      }
      const drainPerSecond = received / ((performance.now() - t0) / 1000)

      // live: collector up, datagrams relayed as they come
      const before = stored
      const t1 = performance.now()
      await sendAll(udpPort, EVENTS) // other events than the first ones: the store would count those as duplicates
      // until all arrived, or nothing more came for a second (datagrams the kernel dropped never come)
      let lastChange = performance.now()
      let lastStored = performance.now()
      for (;;) {
        rssPeak = Math.max(rssPeak, rssOf(agent.child))
        const now = (await collector.metrics()).stored
        if (now !== stored) {
          stored = now
          lastChange = lastStored = performance.now()
        }
        if (stored - before >= EVENTS || performance.now() - lastChange > 1_000 || performance.now() - t1 > 120_000) break
        await sleep(25)
      }
      const livePerSecond = (stored - before) / ((lastStored - t1) / 1000)
      await agent.stop()
      return { intakePerSecond: received / sendSeconds, drainPerSecond, livePerSecond, received, stored, rssIdle, rssFull, rssPeak }
    } finally {
      if (agent.child.exitCode === null) await agent.stop()
      await collector.stop()
    }
  } finally {
    await rm(data, { recursive: true, force: true })
    await rm(collectorData, { recursive: true, force: true })
  }
}

// ---- the buffer's store: the same queue work on segment files and on LevelDB ----
const line = (n: number) => JSON.stringify({ type: 'start', context: 'bench-agent', name: `step.s${n}`, host: 'web1', time: T0 + n, id: `agent:bench:${n}` })

async function segmentQueue(): Promise<number> {
  const dir = await mkdtemp(join(tmpdir(), 'upto-bench-agent-segments-'))
  try {
    const t0 = performance.now()
    const buffer = openSegmentBuffer({ dir, maxBytes: 1 << 30 })
    for (let n = 0; n < QUEUE_EVENTS; n += 64) buffer.append(64, (seq) => line(seq))
    await buffer.flush()
    for (;;) {
      const batch = buffer.peek(BATCH, 900 * 1024)
      if (batch.length === 0) break
      buffer.ack(batch.at(-1)!.seq)
    }
    await buffer.close()
    return QUEUE_EVENTS / ((performance.now() - t0) / 1000)
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

async function levelQueue(): Promise<number> {
  const dir = await mkdtemp(join(tmpdir(), 'upto-bench-agent-level-'))
  try {
    const t0 = performance.now()
    const db = new Level<string, string>(dir)
    await db.open()
    const key = (n: number) => n.toString(16).padStart(12, '0')
    for (let n = 0; n < QUEUE_EVENTS; n += 64) {
      await db.batch(Array.from({ length: 64 }, (_, i) => ({ type: 'put' as const, key: key(n + i + 1), value: line(n + i + 1) })))
    }
    for (;;) {
      const batch = await db.iterator({ limit: BATCH }).all()
      if (batch.length === 0) break
      await db.batch(batch.map(([k]) => ({ type: 'del' as const, key: k })))
    }
    await db.close()
    return QUEUE_EVENTS / ((performance.now() - t0) / 1000)
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

if (!existsSync(bin)) throw new Error(`${bin} is missing: run npm run build first`)
const floorRate = await floor()
const udp = await udpFloor()
const relay = await relayed()
const segments = await segmentQueue()
const level = await levelQueue()

const checks: Check[] = [
  {
    scenario: `upto agent: ${count(EVENTS)} UDP events relayed to a collector, each batch acknowledged once durable`,
    measured: perSecond(relay.livePerSecond),
    floor: `${perSecond(floorRate)} (POST /api/events straight to the collector, bodies of ${count(BATCH)}, one connection)`,
    ratio: ratio(relay.livePerSecond / floorRate),
    target: `≥ ${count(TARGET)} events/s (sent at ${count(RATE)}/s), none lost`,
    met: relay.livePerSecond >= TARGET && relay.stored - relay.received >= EVENTS,
  },
  {
    scenario: `upto agent: UDP datagrams taken in, sent at ${count(RATE)}/s`,
    measured: `${count(relay.received)} of ${count(EVENTS)}`,
    floor: `${count(udp.stored)} of ${count(EVENTS)} (the collector's own UDP port, the same datagrams)`,
    ratio: ratio(relay.received / Math.max(1, udp.stored)),
    target: 'as many as the collector\'s own UDP port',
    met: relay.received >= udp.stored,
  },
  {
    scenario: 'upto agent: its buffer drained after a collector outage (the agent restarted in between)',
    measured: perSecond(relay.drainPerSecond),
    floor: `${perSecond(floorRate)} (the same floor)`,
    ratio: ratio(relay.drainPerSecond / floorRate),
    target: `≥ ${count(TARGET)} events/s, every event received stored`,
    met: relay.drainPerSecond >= TARGET && relay.received === EVENTS,
  },
]

emit({
  id: 'agent',
  title: 'The agent: UDP relayed to a collector, durably',
  checks,
  body: `
**Method.** A collector child on LevelDB and \`bin/upto agent --collector\` (the built command) on loopback. The
floor: the same ${count(EVENTS)} events posted straight to \`POST /api/events\` in bodies of ${count(BATCH)}, one after
the other on one connection — what the agent does with its buffer, without the buffer. Datagrams are one event each
(msgpack, as \`upto start\` sends them), sent 64 at a time, paced at ${count(RATE)} a second.
1. *Outage*: no collector; ${count(EVENTS)} datagrams into the agent, each written to its segment files; the agent
   stopped (SIGTERM) and restarted. 2. *Drain*: the collector up; from the agent's start to the last event stored.
   3. *Live*: collector and agent up; from the first datagram sent to the last event stored.

${table(['what', 'events/s', 'events'], [
  ['floor: POST /api/events, bodies of 1,000', perSecond(floorRate), count(EVENTS)],
  [`floor: the collector's own UDP port (sent at ${count(RATE)}/s)`, perSecond(udp.perSecond), `${count(udp.stored)} of ${count(EVENTS)} stored`],
  [`outage: UDP into the buffer (sent at ${count(RATE)}/s)`, perSecond(relay.intakePerSecond), `${count(relay.received)} of ${count(EVENTS)} received`],
  ['drain: buffer → collector after the restart', perSecond(relay.drainPerSecond), count(relay.received)],
  [`live: UDP → agent → collector (sent at ${count(RATE)}/s)`, perSecond(relay.livePerSecond), count(relay.stored - relay.received)],
])}

**Memory of the agent** (resident set): ${mb(relay.rssIdle)} idle, ${mb(relay.rssFull)} holding ${count(relay.received)} events in
its buffer (they are on disk, not in memory), at most ${mb(relay.rssPeak)} while draining and relaying.

**The buffer's store**, the same queue work in-process — ${count(QUEUE_EVENTS)} events appended 64 at a time, then read
${count(BATCH)} at a time and let go:

${table(['store', 'events/s'], [
  ['segment files (the agent\'s: append, read the head, delete whole files)', perSecond(segments)],
  ['LevelDB (put in batches, iterate, delete in batches)', perSecond(level)],
])}

Segment files were chosen: the buffer is a queue, and files appended at one end and deleted whole at the other need
no compaction and no tombstones.
`,
})
