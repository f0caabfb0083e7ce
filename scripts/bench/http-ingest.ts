// HTTP ingest: msgpack batches of 100 events POSTed over several keep-alive connections by a load process;
// the collector answers each once its events are durable in LevelDB. The floor is a bare node:http server
// that decodes the same bodies and stores nothing. They take turns, ROUNDS times; medians.
//
//   node --import tsx scripts/bench/http-ingest.ts

import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openLevelStore } from '../../src/store/level.ts'
import { startChild } from './lib/children.ts'
import { startCollectorChild } from './lib/collector.ts'
import { pidCpu, threadCpu } from './lib/cpu-time.ts'
import { count, perSecond, ratio, table } from './lib/format.ts'
import { machine } from './lib/machine.ts'
import type { Load } from './lib/http-load.ts'
import { framesTable, profileFolder, topFrames } from './lib/profile.ts'
import { type Check, emit } from './lib/report.ts'
import { median } from './lib/stats.ts'

const CONTEXT = 'bench-http'
const BATCH = 100
const CONNECTIONS = 8
/** One more round with many more callers, for what limits the collector: CPU, or waiting on the disk. */
const MANY = 32
const SECONDS = 4
const ROUNDS = 3

const { child: loader } = await startChild('lib/http-load')
const { child: floorChild, ready: floor } = await startChild<{ port: number }>('lib/http-floor')
const collector = await startCollectorChild()

const run = (port: number, path: string, timeline: string, seconds = SECONDS, connections = CONNECTIONS) =>
  loader.call<Load>({ cmd: 'load', port, path, connections, seconds, batch: BATCH, context: CONTEXT, timeline })

// warm-up, uncounted
await run(floor.port, '/', 'warm-up', 1)
await run(collector.httpPort, '/api/events', 'warm-up', 1)

/** Cores kept busy over a collector round: the collector's process (every thread), its main thread, the load's process. */
interface Busy { collector: number; main: number; load: number }
const rounds: Array<{ floor: Load; collector: Load; timeline: string; busy: Busy; commits: number; floorMain: number; collectorMain: number }> = []
const collectorPid = collector.child.process.pid!
const loadPid = loader.process.pid!
const floorPid = floorChild.process.pid!
const cpuNow = (): Busy => ({ collector: pidCpu(collectorPid), main: threadCpu(collectorPid), load: pidCpu(loadPid) })
for (let i = 1; i <= ROUNDS; i++) {
  const floorMain0 = threadCpu(floorPid)
  const f = await run(floor.port, '/', `floor-${i}`)
  const floorMain = threadCpu(floorPid) - floorMain0
  const timeline = `collector-${i}`
  const batches = (await collector.metrics()).batches
  const before = cpuNow()
  const t0 = performance.now()
  const c = await run(collector.httpPort, '/api/events', timeline)
  const seconds = (performance.now() - t0) / 1000
  const after = cpuNow()
  const commits = (await collector.metrics()).batches - batches
  const busy = {
    collector: (after.collector - before.collector) / seconds,
    main: (after.main - before.main) / seconds,
    load: (after.load - before.load) / seconds,
  }
  rounds.push({
    floor: f, collector: c, timeline, busy, commits,
    floorMain: floorMain / f.requests, collectorMain: (after.main - before.main) / c.requests,
  })
}
const manyFloor = await run(floor.port, '/', 'floor-many', SECONDS, MANY)
const manyCollector = await run(collector.httpPort, '/api/events', 'collector-many', SECONDS, MANY)
// and what the disk flush costs: the same load on a collector that never fsyncs (--sync never)
const unsynced = await startCollectorChild({ sync: 'never' })
await run(unsynced.httpPort, '/api/events', 'warm-up', 1)
const noSync = await run(unsynced.httpPort, '/api/events', 'no-sync')
await unsynced.stop()
await unsynced.remove()
const warnings = (await collector.child.call<{ lines: string[] }>({ cmd: 'log' })).lines
await collector.stop()
await floorChild.stop()

// every event the collector acknowledged is in the store
const store = await openLevelStore(collector.data)
let missing = 0
for (const r of rounds) missing += Math.abs(r.collector.accepted - (await store.messages(CONTEXT, r.timeline)).length)
missing += Math.abs(manyCollector.accepted - (await store.messages(CONTEXT, 'collector-many')).length)
await store.close()
await collector.remove()

const rate = (l: Load) => l.accepted / l.seconds
const floorRate = median(rounds.map((r) => rate(r.floor)))
const uptoRate = median(rounds.map((r) => rate(r.collector)))
const failed = rounds.reduce((n, r) => n + r.collector.failed + r.floor.failed, 0)
const share = uptoRate / floorRate
const met = missing === 0 && failed === 0 && share >= 0.6 && uptoRate >= 150_000
const busyOf = (pick: (b: Busy) => number) => median(rounds.map((r) => pick(r.busy))).toFixed(2)
const microsPerRequest = (pick: (r: (typeof rounds)[number]) => number) => `${(median(rounds.map(pick)) * 1e6).toFixed(0)} µs`
const cores = machine().nproc
// one group commit after another: the time each took, beside a synced write of the same size with nothing else running
const commitMs = median(rounds.map((r) => (1000 * r.collector.seconds) / r.commits))
const perCommit = median(rounds.map((r) => r.collector.accepted / r.commits))
const syncedMs = await syncedWriteMs(Math.round(perCommit))

let limits = ''
if (!met) {
  const dir = profileFolder('http-ingest')
  const profiled = await startCollectorChild({ profileDir: dir })
  await run(profiled.httpPort, '/api/events', 'profile')
  await profiled.stop()
  await profiled.remove()
  limits = `\n\nWhat limits it — the collector's CPU profile over ${SECONDS} s of this load, busy time by function:\n\n` +
    framesTable(topFrames(dir))
}
await loader.stop()

const checks: Check[] = [{
  scenario: 'HTTP ingest, msgpack batches of 100, durable before the answer',
  measured: perSecond(uptoRate),
  floor: `${perSecond(floorRate)} (bare \`node:http\` + msgpack decode)`,
  ratio: ratio(share),
  target: '≥ 0.6× and ≥ 150,000 events/s',
  met,
}]
const rows = rounds.flatMap((r, i) => [
  [`${i + 1}`, 'floor', count(r.floor.requests), perSecond(rate(r.floor)), count(r.floor.failed)],
  [`${i + 1}`, 'collector', count(r.collector.requests), perSecond(rate(r.collector)), count(r.collector.failed)],
])
const firstError = rounds.map((r) => r.collector.firstError ?? r.floor.firstError).find((e) => e !== undefined)

emit({
  id: 'http-ingest',
  title: 'HTTP ingest: msgpack batches of 100',
  checks,
  body: `
A load process (\`scripts/bench/lib/http-load.ts\`, \`http.Agent({ keepAlive: true })\`) keeps ${CONNECTIONS} connections busy, each
POSTing msgpack arrays of ${BATCH} events (the client's own \`encodeBatch\`) back to back for ${SECONDS} s; an answer counts when it is
200 and says all ${BATCH} were accepted. The floor and the collector take turns, ${ROUNDS} rounds; the figure is the median round.

- **Floor**: a bare \`node:http\` server that decodes each body with \`@msgpack/msgpack\` and answers the same JSON, storing nothing.
- **Collector**: \`startCollector\` in its own process on a fresh LevelDB folder: \`POST /api/events\` answers once the events are
  durable. Afterwards the folder was opened again: ${missing === 0 ? 'every acknowledged event was there' : `**${count(missing)} acknowledged events missing**`}.

| | median rate |
| --- | --- |
| floor | ${perSecond(floorRate)} |
| collector | ${perSecond(uptoRate)} |

The collector acknowledges a batch once LevelDB has written it with \`sync\` (fsync: the collector's default for events
someone waits for), so each caller waits for a disk flush per group commit. With ${MANY} connections instead of ${CONNECTIONS} (one round,
not the target's load): floor ${perSecond(rate(manyFloor))}, collector ${perSecond(rate(manyCollector))}
(${ratio(rate(manyCollector) / rate(manyFloor))}). The same ${CONNECTIONS} connections on a collector started with \`--sync never\` (no fsync; one
round): ${perSecond(rate(noSync))} (${ratio(rate(noSync) / floorRate)} of the median floor).

Where the time goes (CPU time from \`/proc\`, medians of the rounds): the collector's main thread spends
**${microsPerRequest((r) => r.collectorMain)}** of CPU per request, the floor's ${microsPerRequest((r) => r.floorMain)}. Over the collector's rounds its process keeps
${busyOf((b) => b.collector)} of this machine's ${cores} cores busy (its main thread ${busyOf((b) => b.main)}, the rest mostly LevelDB's writing) and the load process
${busyOf((b) => b.load)}; for the rest of the time the main thread waits, as each answer waits for its group commit's fsync and a caller sends
its next batch only then. The group commits came one after another, ${count(Math.round(perCommit))} events each (${(perCommit / BATCH).toFixed(1)} requests),
**${commitMs.toFixed(2)} ms** apart, where the same LevelDB append with fsync, with nothing else running, takes ${syncedMs.toFixed(2)} ms (the median of
500 in a row on a fresh folder).

Collector / floor: **${ratio(share)}** (target ≥ 0.6×, and ≥ 150,000 events/s): **${met ? 'met' : 'missed'}**.
${firstError ? `\nFirst failed answer: \`${firstError}\`\n` : ''}${warnings.length > 0 ? `\nCollector warnings: ${warnings.slice(0, 3).map((w) => `\`${w}\``).join(', ')}\n` : ''}
<details><summary>Every round</summary>

${table(['round', 'server', 'requests', 'events/s', 'failed'], rows)}

</details>${limits}
`,
})

/** The median time of a synced append of `events` events, one after another on a fresh folder: the fsync floor of a group commit. */
async function syncedWriteMs(events: number): Promise<number> {
  const dir = await mkdtemp(join(tmpdir(), 'upto-bench-sync-'))
  const store = await openLevelStore(dir)
  const times: number[] = []
  const t = Date.now()
  for (let i = 0; i < 500; i++) {
    const messages = Array.from({ length: events }, (_, j) => ({
      kind: j % 2 === 0 ? ('start' as const) : ('end' as const), context: CONTEXT, timeline: 'sync', name: `build.stage${j % 8}.step${i * events + (j >> 1)}`,
      host: 'ci-runner-1', time: t + j, received: t,
    }))
    const t0 = performance.now()
    await store.append(messages, [], { sync: true })
    times.push(performance.now() - t0)
  }
  await store.close()
  await rm(dir, { recursive: true, force: true })
  return median(times)
}
