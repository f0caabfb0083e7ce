// The service watchdog: 10,000 services onboarded over MQTT (hippodamia's protocol, the real Mosquitto), each
// pinging every 10 s, held by one collector — its CPU and memory per service — and the time from a service falling
// silent to its state changing, with short configured timeouts (inactive after 15 s): the target is within 1 s of
// the timeout. The floor, in the same run: a bare MQTT subscriber to the same pings (parse, keep the newest per
// topic), and the broker's bare throughput.
//
//   node --import tsx scripts/bench/watchdog.ts

import { randomUUID } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { connectAsync, type MqttClient } from 'mqtt'
import { openLevelStore } from '../../src/store/level.ts'
import { startChild } from './lib/children.ts'
import { count, mb, ms, perSecond, ratio, table } from './lib/format.ts'
import { type Check, emit } from './lib/report.ts'
import { median, quantile } from './lib/stats.ts'

const MQTT_URL = process.env.UPTO_BENCH_MQTT ?? 'mqtt://127.0.0.1:1883'
const SERVICES = 10_000
const PING_EVERY = 10_000
const WINDOW = 30_000
const SILENT = 200
const INACTIVE_AFTER = 15_000
const PUBLISHERS = 4
const FLOOR_MESSAGES = 50_000
const LATENESS_TARGET = 1_000

const base = `upto-bench/${randomUUID()}`
const topics = { onboarding: `${base}/onboarding/request`, activity: `${base}/activity`, command: `${base}/command`, heartbeat: `${base}/heartbeat` }
const sleep = (t: number) => new Promise((resolve) => setTimeout(resolve, t))
const rssOf = (pid: number) => Number(/^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN) * 1024
const cpuMicros = (used: { user: number; system: number }) => used.user + used.system

// ---- the broker's bare throughput: one client to another, messages the size of a ping ----
async function brokerThroughput(): Promise<number> {
  const sub = await connectAsync(MQTT_URL, { reconnectPeriod: 0 })
  const pub = await connectAsync(MQTT_URL, { reconnectPeriod: 0 })
  const topic = `${base}/floor/throughput`
  let heard = 0
  let done!: () => void
  const all = new Promise<void>((resolve) => (done = resolve))
  sub.on('message', () => {
    if (++heard === FLOOR_MESSAGES) done()
  })
  await sub.subscribeAsync(topic, { qos: 0 })
  const body = JSON.stringify({ gid: 'Sensor-1234', session: 1, timestamp: new Date().toISOString(), 'service-uptime': 123.4 })
  const t0 = performance.now()
  for (let i = 0; i < FLOOR_MESSAGES; i++) {
    pub.publish(topic, body, { qos: 0 })
    if (i % 1000 === 999) await sleep(0)
  }
  await Promise.race([all, sleep(60_000)])
  const seconds = (performance.now() - t0) / 1000
  await Promise.all([sub.endAsync(), pub.endAsync()])
  return heard / seconds
}

const brokerRate = await brokerThroughput()

// ---- the collector, the floor subscriber, 10,000 services ----
const dir = await mkdtemp(join(tmpdir(), 'upto-bench-watchdog-'))
const settings = {
  watchdog_mqtt: MQTT_URL, watchdog_topic_onboarding: topics.onboarding, watchdog_topic_activity: topics.activity,
  watchdog_topic_command: topics.command, watchdog_topic_heartbeat: topics.heartbeat,
  watchdog_inactive_after: INACTIVE_AFTER, watchdog_lost_after: 2 * INACTIVE_AFTER, watchdog_stopped_after: 3 * INACTIVE_AFTER,
  watchdog_heartbeat_every: 10_000, watchdog_send_ping: PING_EVERY,
}
const { child: collector, ready } = await startChild<{ httpPort: number }>('lib/watchdog-child', { args: [join(dir, 'data'), JSON.stringify(settings)] })
const { child: floor } = await startChild('lib/mqtt-floor-child', { args: [MQTT_URL, `${topics.activity}/+/+`] })
await sleep(500)
const collectorPid = collector.process.pid!
const floorPid = floor.process.pid!
const rssBefore = { collector: rssOf(collectorPid), floor: rssOf(floorPid) }
const heapBefore = (await collector.call<{ heapUsed: number }>({ cmd: 'memory' })).heapUsed

const publishers: MqttClient[] = await Promise.all(Array.from({ length: PUBLISHERS }, () => connectAsync(MQTT_URL, { reconnectPeriod: 0 })))
const replies = await connectAsync(MQTT_URL, { reconnectPeriod: 0 })
const gids: string[] = new Array(SERVICES)
// a request sent again may be answered twice: the later answer's session is the one to ping with
const sessions: number[] = new Array(SERVICES).fill(0)
let answered = 0
replies.on('message', (topic, payload) => {
  const i = Number(topic.slice(topic.lastIndexOf('/') + 1))
  const answer = JSON.parse(payload.toString()) as { gid: string; session: number }
  if (gids[i] === undefined) answered++
  gids[i] = answer.gid
  sessions[i] = Math.max(sessions[i]!, answer.session)
})
await replies.subscribeAsync(`${base}/reply/#`, { qos: 1 })

// onboardings in rounds, each request sent again while unanswered, as hippodamia's agents do: Mosquitto queues at
// most max_queued_messages (1,000 by default) for a subscriber, so a burst of 10,000 at once would lose most
const ROUND = 500
const onboardingOf = (i: number) => JSON.stringify({
  uuid: randomUUID(), 'onboarding-topic': `${base}/reply/${i}`, 'protocol-version': 1, timestamp: new Date().toISOString(),
  identifier: { type: 'Sensor', name: `sensor-${i}`, location: 'bench', 'host-name': `host-${i % 100}` },
})
let resent = 0
const tOnboard = performance.now()
for (let from = 0; from < SERVICES; from += ROUND) {
  const round = Array.from({ length: Math.min(ROUND, SERVICES - from) }, (_, k) => from + k)
  for (let attempt = 0; attempt < 20; attempt++) {
    const waiting = round.filter((i) => gids[i] === undefined)
    if (waiting.length === 0) break
    if (attempt > 0) resent += waiting.length
    for (const i of waiting) publishers[i % PUBLISHERS]!.publish(topics.onboarding, onboardingOf(i), { qos: 1 })
    const until = performance.now() + 2_000
    while (performance.now() < until && round.some((i) => gids[i] === undefined)) await sleep(5)
  }
}
const onboardSeconds = (performance.now() - tOnboard) / 1000
if (answered < SERVICES) throw new Error(`only ${answered} of ${SERVICES} onboardings were answered`)

// each service pings every PING_EVERY, at its own offset in the period; the silent ones stop at the window's start
const silent = new Set(Array.from({ length: SILENT }, (_, k) => Math.floor((k * SERVICES) / SILENT)))
const lastPing = new Map<number, number>()
let silencing = false
let pings = 0
const tPings = Date.now()
let sentUpTo = 0
const ticker = setInterval(() => {
  const due = Math.floor(((Date.now() - tPings) / PING_EVERY) * SERVICES)
  for (; sentUpTo < due; sentUpTo++) {
    const i = sentUpTo % SERVICES
    if (silencing && silent.has(i)) continue
    const gid = gids[i]!
    publishers[i % PUBLISHERS]!.publish(`${topics.activity}/${gid}/ping`, JSON.stringify({ gid, session: sessions[i], timestamp: new Date().toISOString(), 'service-uptime': i }), { qos: 0 })
    if (silent.has(i)) lastPing.set(i, Date.now())
    pings++
  }
}, 10)

await sleep(PING_EVERY + 2_000) // one whole period (and late answers): every service active
silencing = true
const silencedAt = Date.now()
const cpu0 = { collector: cpuMicros(await collector.call({ cmd: 'cpu' })), floor: cpuMicros(await floor.call({ cmd: 'cpu' })) }
const pings0 = pings
const t0 = performance.now()
await sleep(WINDOW)
const seconds = (performance.now() - t0) / 1000
const cpu1 = { collector: cpuMicros(await collector.call({ cmd: 'cpu' })), floor: cpuMicros(await floor.call({ cmd: 'cpu' })) }
const windowPings = pings - pings0
const rssAfter = { collector: rssOf(collectorPid), floor: rssOf(floorPid) }
const heapAfter = (await collector.call<{ heapUsed: number }>({ cmd: 'memory' })).heapUsed
clearInterval(ticker)
const listed = await (await fetch(`http://127.0.0.1:${ready.httpPort}/api/services`)).json() as { services: Array<{ gid: string; state: string }> }
await Promise.all([...publishers, replies].map((c) => c.endAsync()))
await floor.stop()
await collector.stop()

// ---- from silence to a state change: each silent service's inactive mark, received against its last ping ----
const store = await openLevelStore(join(dir, 'data'))
const messages = await store.messages('services', 'services')
await store.close()
await rm(dir, { recursive: true, force: true })
const silentGids = new Map([...silent].map((i) => [gids[i]!, i]))
const lateness: number[] = []
const silenceToChange: number[] = []
let wronglyInactive = 0
for (const m of messages) {
  // services onboarded early went inactive before the pings began: only what came after the silence counts
  if (m.kind !== 'start' || !m.name.endsWith('.inactive') || m.time < silencedAt) continue
  const gid = m.name.slice(0, -'.inactive'.length)
  const i = silentGids.get(gid)
  if (i === undefined) {
    wronglyInactive++
    continue
  }
  lateness.push(m.received - m.time)
  silenceToChange.push(m.received - lastPing.get(i)!)
}
const missedSilent = SILENT - lateness.length
const byState = new Map<string, number>()
for (const s of listed.services) byState.set(s.state, (byState.get(s.state) ?? 0) + 1)

const perService = (micros: number) => micros / seconds / SERVICES
const cpuCollector = perService(cpu1.collector - cpu0.collector)
const cpuFloor = perService(cpu1.floor - cpu0.floor)
const memCollector = (rssAfter.collector - rssBefore.collector) / SERVICES
const memFloor = (rssAfter.floor - rssBefore.floor) / SERVICES
const heapPerService = (heapAfter - heapBefore) / SERVICES
const lateMax = lateness.length === 0 ? NaN : Math.max(...lateness)

const checks: Check[] = [
  {
    scenario: `watchdog: ${count(SERVICES)} services pinging every ${PING_EVERY / 1000} s, CPU per service`,
    measured: `${cpuCollector.toFixed(2)} µs/s (${((cpu1.collector - cpu0.collector) / seconds / 1e4).toFixed(1)}% of a core)`,
    floor: `${cpuFloor.toFixed(2)} µs/s (a bare MQTT subscriber parsing the same pings)`,
    ratio: ratio(cpuCollector / cpuFloor),
    target: 'one collector holds them: under half a core',
    met: (cpu1.collector - cpu0.collector) / seconds < 500_000 && missedSilent === 0 && wronglyInactive === 0,
  },
  {
    scenario: `watchdog: memory per service, ${count(SERVICES)} services`,
    measured: `${mb(memCollector * 1000)} per 1,000 (RSS); heap ${mb(heapPerService * 1000)} per 1,000`,
    floor: `${mb(memFloor * 1000)} per 1,000 (the bare subscriber's RSS)`,
    target: '—',
    met: true,
  },
  {
    scenario: `watchdog: silence to inactive, inactive after ${INACTIVE_AFTER / 1000} s, ${SILENT} services falling silent, max`,
    measured: `${ms(lateMax)} after the timeout`,
    floor: '—',
    target: `≤ ${ms(LATENESS_TARGET)} after the timeout`,
    met: lateness.length === SILENT && lateMax <= LATENESS_TARGET,
  },
]

emit({
  id: 'watchdog',
  title: 'Service watchdog (hippodamia over MQTT)',
  checks,
  body: `
${count(SERVICES)} services onboard over MQTT on the real Mosquitto (${MQTT_URL}), hippodamia's onboarding request
and response, then each pings every ${PING_EVERY / 1000} s at its own offset in the period (${count(SERVICES / (PING_EVERY / 1000))} pings a
second, from ${PUBLISHERS} connections). After one whole period, ${SILENT} of them stop pinging; for the next ${WINDOW / 1000} s the
collector's CPU is read (its process, every thread) beside a bare MQTT subscriber to the same pings (the floor:
parse each, keep the newest per topic), and their RSS grows from before the onboardings. Timeouts are short:
inactive after ${INACTIVE_AFTER / 1000} s. Each silent service's inactive mark on the \`services\` timeline carries the time
it was due (its last ping heard + ${INACTIVE_AFTER / 1000} s) and the time the collector made it (received): the
difference is how late the timer on the earliest deadline was.

${table(['what', 'collector', 'floor (bare subscriber)'], [
  ['CPU per service', `${cpuCollector.toFixed(2)} µs/s`, `${cpuFloor.toFixed(2)} µs/s`],
  ['CPU, all services', `${((cpu1.collector - cpu0.collector) / seconds / 1e4).toFixed(1)}% of a core`, `${((cpu1.floor - cpu0.floor) / seconds / 1e4).toFixed(1)}% of a core`],
  ['RSS per 1,000 services', mb(memCollector * 1000), mb(memFloor * 1000)],
  ['heap per 1,000 services', mb(heapPerService * 1000), '—'],
])}

${table(['what', 'figure'], [
  ['broker bare throughput (one client to another, QoS 0)', perSecond(brokerRate, 'messages/s')],
  [`onboarding ${count(SERVICES)} services, in rounds of ${ROUND}`, `${onboardSeconds.toFixed(1)} s (${perSecond(SERVICES / onboardSeconds, 'onboardings/s')}), ${count(resent)} requests sent again`],
  ['pings sent in the window', `${count(windowPings)} (${perSecond(windowPings / seconds, 'pings/s')})`],
  ['silent services turned inactive', `${count(lateness.length)} of ${count(SILENT)}`],
  ['pinging services wrongly inactive', count(wronglyInactive)],
  ['after the timeout: p50 / p99 / max', lateness.length === 0 ? '—' : `${ms(median(lateness))} / ${ms(quantile(lateness, 0.99))} / ${ms(lateMax)}`],
  ['from the last ping sent to inactive: p50 / max', silenceToChange.length === 0 ? '—' : `${ms(median(silenceToChange))} / ${ms(Math.max(...silenceToChange))}`],
  ['states at the end', [...byState].map(([s, n]) => `${s} ${count(n)}`).join(', ')],
])}
`,
})
