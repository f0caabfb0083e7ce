// CDEvents in: CDEvents/s through POST /api/cdevents made durable with schema validation, and through a folder of
// 100,000 files.
//
// 1. HTTP: 4 keep-alive connections POST arrays of 500 CDEvents (spec 0.4, pipeline and task runs, each its own
//    context id) until 40,000 are acknowledged (201 once the lake and the mapped events are fsynced), to a
//    collector in its own process on a fresh LevelDB folder. The floor, in the same run and the same collector:
//    upto's own POST /api/events with the same count of plain events in the same batches. 3 rounds; medians.
// 2. Folder: 100,000 files of one CDEvent each; a collector with a folder source of format cdevents starts on
//    them, and the time until all are accepted is taken. The floor: reading and parsing the same files in a bare
//    loop (readdir, readFile, JSON.parse).
//
//   node --import tsx scripts/bench/cdevents.ts

import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { Agent, request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startChild } from './lib/children.ts'
import { count, perSecond, ratio, table } from './lib/format.ts'
import { type Check, emit } from './lib/report.ts'
import { median } from './lib/stats.ts'

const BATCH = 500
const EVENTS = 40_000
const CONNECTIONS = 4
const ROUNDS = 3
const FILES = 100_000

const note = (text: string) => process.stderr.write(`cdevents bench: ${text}\n`)
const t0 = Date.now()

function cdevent(round: string, i: number): Record<string, unknown> {
  const run = Math.floor(i / 10)
  const task = i % 10 !== 0
  const predicate = i % 2 === 0 ? 'started' : 'finished'
  return {
    context: { version: '0.4.1', id: `${round}-${i}`, source: '/bench/ci', type: `dev.cdevents.${task ? 'taskrun' : 'pipelinerun'}.${predicate}.0.2.0`, timestamp: new Date(t0 + i).toISOString() },
    subject: {
      id: task ? `${round}-task-${i}` : `${round}-run-${run}`, source: '/bench/ci', type: task ? 'taskRun' : 'pipelineRun',
      content: task
        ? { taskName: `step-${i % 10}`, pipelineRun: { id: `${round}-run-${run}` }, url: 'https://ci.example/run', ...(predicate === 'finished' ? { outcome: 'success' } : {}) }
        : { pipelineName: 'bench', url: 'https://ci.example/run', ...(predicate === 'finished' ? { outcome: 'success' } : {}) },
    },
  }
}

function plain(round: string, i: number): Record<string, unknown> {
  return { type: i % 2 === 0 ? 'start' : 'end', context: 'bench-plain', timeline: `${round}-${Math.floor(i / 10)}`, name: `step.s${i % 10}`, host: 'ci', time: t0 + i }
}

interface Load { events: number; failed: number; seconds: number; firstError?: string }

async function load(port: number, path: string, bodies: readonly string[]): Promise<Load> {
  const agent = new Agent({ keepAlive: true, maxSockets: CONNECTIONS })
  let next = 0
  let events = 0
  let failed = 0
  let firstError: string | undefined
  const post = (body: string) => new Promise<number>((resolve, reject) => {
    const req = request({ port, host: '127.0.0.1', path, method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
      res.resume()
      res.on('end', () => resolve(res.statusCode ?? 0))
    })
    req.on('error', reject)
    req.end(body)
  })
  const started = performance.now()
  await Promise.all(Array.from({ length: CONNECTIONS }, async () => {
    while (next < bodies.length) {
      const status = await post(bodies[next++]!).catch((e: Error) => { firstError ??= e.message; return 0 })
      if (status === 200 || status === 201) events += BATCH
      else {
        failed++
        firstError ??= `HTTP ${status}`
      }
    }
  }))
  agent.destroy()
  return { events, failed, seconds: (performance.now() - started) / 1_000, ...(firstError ? { firstError } : {}) }
}

const batches = (make: (i: number) => unknown) => Array.from({ length: EVENTS / BATCH }, (_, b) =>
  JSON.stringify(Array.from({ length: BATCH }, (_, i) => make(b * BATCH + i))))

async function accepted(port: number): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text()
  return Number(/^upto_cdevents_total\{reason="accepted"\} (\d+)$/m.exec(text)?.[1] ?? 0)
}

// ---- 1. POST /api/cdevents ----

note('starting')
const data = await mkdtemp(join(tmpdir(), 'upto-bench-cdevents-'))
const { child, ready } = await startChild<{ httpPort: number }>('lib/cdevents-child', { args: [data] })
note('warm-up')
await load(ready.httpPort, '/api/cdevents', batches((i) => cdevent('warm', i)).slice(0, 10))
await load(ready.httpPort, '/api/events', batches((i) => plain('warm', i)).slice(0, 10))
const rounds: Array<{ floor: Load; cdevents: Load }> = []
for (let r = 0; r < ROUNDS; r++) {
  note(`round ${r + 1}`)
  const floorBodies = batches((i) => plain(`r${r}`, i))
  const cdeventBodies = batches((i) => cdevent(`r${r}`, i))
  rounds.push({ floor: await load(ready.httpPort, '/api/events', floorBodies), cdevents: await load(ready.httpPort, '/api/cdevents', cdeventBodies) })
}
const inLake = await accepted(ready.httpPort)
await child.call({ cmd: 'close' }).catch(() => undefined)
await child.stop()
await rm(data, { recursive: true, force: true })
const rate = (l: Load) => l.events / l.seconds
const floorRate = median(rounds.map((r) => rate(r.floor)))
const httpRate = median(rounds.map((r) => rate(r.cdevents)))
const httpFailed = rounds.reduce((n, r) => n + r.cdevents.failed, 0)
const expectedInLake = 10 * BATCH + ROUNDS * EVENTS

// ---- 2. a folder of 100,000 files ----

note(`writing ${count(FILES)} files`)
const watched = await mkdtemp(join(tmpdir(), 'upto-bench-cdevents-folder-'))
for (let d = 0; d < 100; d++) {
  await mkdir(join(watched, `d${d}`))
  await Promise.all(Array.from({ length: FILES / 100 }, (_, i) => {
    const n = d * (FILES / 100) + i
    return writeFile(join(watched, `d${d}`, `e${n}.json`), JSON.stringify(cdevent('folder', n)))
  }))
}
note('floor: a bare loop reading them')
const floorStarted = performance.now()
let parsed = 0
for (const entry of await readdir(watched, { recursive: true, withFileTypes: true })) {
  if (!entry.isFile()) continue
  JSON.parse(await readFile(join(entry.parentPath, entry.name), 'utf8'))
  parsed++
}
const folderFloorSeconds = (performance.now() - floorStarted) / 1_000
note('collector reading them')
const folderData = await mkdtemp(join(tmpdir(), 'upto-bench-cdevents-'))
const folderStarted = performance.now()
const folderChild = await startChild<{ httpPort: number }>('lib/cdevents-child', { args: [folderData, watched] })
let taken = 0
const deadline = performance.now() + 300_000
while (taken < FILES && performance.now() < deadline) {
  await new Promise((r) => setTimeout(r, 100))
  taken = await accepted(folderChild.ready.httpPort)
}
const folderSeconds = (performance.now() - folderStarted) / 1_000
await folderChild.child.call({ cmd: 'close' }).catch(() => undefined)
await folderChild.child.stop()
await rm(folderData, { recursive: true, force: true })
await rm(watched, { recursive: true, force: true })
const folderRate = taken / folderSeconds
const folderFloorRate = parsed / folderFloorSeconds

const checks: Check[] = [{
  scenario: 'CDEvents through POST /api/cdevents, arrays of 500, schema-validated, durable before the answer',
  measured: perSecond(httpRate, 'CDEvents/s'),
  floor: `${perSecond(floorRate, 'events/s')} (upto's own POST /api/events, same count and batches)`,
  ratio: ratio(httpRate / floorRate),
  target: '≥ 10,000 CDEvents/s',
  met: httpFailed === 0 && inLake === expectedInLake && httpRate >= 10_000,
}, {
  scenario: 'CDEvents from a folder of 100,000 files (folder source, format cdevents)',
  measured: perSecond(folderRate, 'CDEvents/s'),
  floor: `${perSecond(folderFloorRate, 'files/s')} (readdir + readFile + JSON.parse in a bare loop)`,
  ratio: ratio(folderRate / folderFloorRate),
  target: 'all 100,000 taken',
  met: taken === FILES,
}]

emit({
  id: 'cdevents',
  title: 'CDEvents: POST /api/cdevents and a folder of 100,000 files',
  checks,
  body: `
**Over HTTP.** ${CONNECTIONS} keep-alive connections POST JSON arrays of ${BATCH} CDEvents (spec 0.4.1, pipeline runs and their task
runs started and finished, each with its own context id) to \`/api/cdevents\` until ${count(EVENTS)} are acknowledged. Each is
normalised, validated against its spec version's schema (ajv), checked for a duplicate, mapped onto upto's events and kept in
the lake; the answer (201) comes once both are fsynced. The collector runs in its own process on a fresh LevelDB folder. The
floor, in the same collector and the same run: upto's own \`POST /api/events\` with as many plain events in the same batches.
${ROUNDS} rounds, taking turns; medians.

${table(['round', 'floor: /api/events', '/api/cdevents', 'failed'], rounds.map((r, i) => [String(i + 1), perSecond(rate(r.floor), 'events/s'), perSecond(rate(r.cdevents), 'CDEvents/s'), count(r.cdevents.failed)]))}

Accepted afterwards (upto_cdevents_total): ${count(inLake)} of the ${count(expectedInLake)} sent (warm-up and rounds): ${inLake === expectedInLake ? 'none lost' : '**not the same**'}.
${rounds.map((r) => r.cdevents.firstError).find(Boolean) ? `First failure: \`${rounds.map((r) => r.cdevents.firstError).find(Boolean)}\`\n` : ''}
**From a folder.** ${count(FILES)} files of one CDEvent each, in 100 folders; a collector starts with a folder source of format
cdevents on them (scans every 100 ms, batches of 1,000 items, its checkpoint in the data folder), and the time from its start
until all are accepted is taken: ${count(taken)} in ${folderSeconds.toFixed(1)} s. The floor reads and parses the same files in a bare
loop: ${count(parsed)} in ${folderFloorSeconds.toFixed(1)} s.

| figure | measured | target |
| --- | --- | --- |
| CDEvents/s through \`/api/cdevents\`, validated, durable | ${perSecond(httpRate, 'CDEvents/s')} (${ratio(httpRate / floorRate)} of the floor) | ≥ 10,000/s |
| CDEvents/s from a folder of ${count(FILES)} files | ${perSecond(folderRate, 'CDEvents/s')} (${ratio(folderRate / folderFloorRate)} of the floor) | all taken |
`,
})
