// `upto export --format otlp` of a 133,000-span timeline from a collector: spawn to exit of the command, the
// collector reading the timeline from LevelDB, building it and streaming the OTLP/JSON as it is made. The
// timeline is a build of 133,000 steps on 16 hosts under 40 implied directories (one in 50 retried after a
// failure), sent to the collector first. Floor: `upto export --format json` of the same timeline, the model
// as it is, in the same run. The median of three tries each.
//
//   node --import tsx scripts/bench/otlp-export.ts

import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { startCollectorChild } from './lib/collector.ts'
import { count, mb, ms, ratio } from './lib/format.ts'
import { root } from './lib/paths.ts'
import { type Check, emit } from './lib/report.ts'
import { median } from './lib/stats.ts'

const SPANS = 133_000
const HOSTS = 16
const TRIES = 3
const TARGET_MS = 5_000
const T0 = Date.UTC(2026, 0, 1)

const collector = await startCollectorChild()
let events = 0
const send = async (batch: object[]) => {
  const res = await fetch(`http://127.0.0.1:${collector.httpPort}/api/events`, { method: 'POST', body: JSON.stringify(batch), headers: { 'content-type': 'application/json' } })
  if (!res.ok) throw new Error(`collector answered ${res.status}: ${await res.text()}`)
  events += batch.length
}
let batch: object[] = []
const add = async (event: object) => {
  batch.push({ context: 'bench-otlp', timeline: 'big', ...event })
  if (batch.length === 1_000) {
    await send(batch)
    batch = []
  }
}
for (let i = 0; i < SPANS; i++) {
  const name = `build.dir${i % 40}.step${i}`
  const host = `worker-${i % HOSTS}`
  const start = T0 + Math.floor(i / HOSTS) * 20
  if (i % 50 === 0) {
    await add({ type: 'start', name, host, time: start })
    await add({ type: 'end', name, host, time: start + 5, status: 'error', message: 'exit status 1' })
  }
  await add({ type: 'start', name, host, time: start + 6 })
  await add({ type: 'end', name, host, time: start + 18 })
}
if (batch.length > 0) await send(batch)
await collector.settle()

async function exportOnce(format: string): Promise<{ ms: number; bytes: number }> {
  const t0 = performance.now()
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(root, 'bin', 'upto.cjs'), 'export', 'bench-otlp', 'big', '--format', format, '--rp', String(collector.httpPort)], { stdio: ['ignore', 'pipe', 'pipe'] })
    let bytes = 0
    let err = ''
    child.stdout.on('data', (c: Buffer) => (bytes += c.length))
    child.stderr.on('data', (c: Buffer) => (err += c))
    child.once('error', reject)
    child.once('exit', (code) => (code === 0 ? resolve({ ms: performance.now() - t0, bytes }) : reject(new Error(`upto export exited with ${code}: ${err}`))))
  })
}

const otlp: { ms: number; bytes: number }[] = []
const json: { ms: number; bytes: number }[] = []
try {
  for (let i = 0; i < TRIES; i++) {
    otlp.push(await exportOnce('otlp'))
    json.push(await exportOnce('json'))
  }
} finally {
  await collector.stop()
  await collector.remove()
}

const time = median(otlp.map((r) => r.ms))
const floor = median(json.map((r) => r.ms))
const checks: Check[] = [{
  scenario: `upto export --format otlp of a ${count(SPANS)}-span timeline from a collector`,
  measured: ms(time),
  floor: `${ms(floor)} (--format json of the same timeline)`,
  ratio: ratio(time / floor),
  target: `≤ ${ms(TARGET_MS)}`,
  met: time <= TARGET_MS,
}]

emit({
  id: 'otlp-export',
  title: 'Exporting a big timeline as OTLP',
  checks,
  body: `
A collector (a child process, LevelDB in a temporary folder) holds one timeline of ${count(SPANS)} steps on ${HOSTS} hosts under
40 implied directories, one in 50 retried after a failed attempt: ${count(events)} events, sent before the clock starts.
\`bin/upto export --format otlp\` (the built \`dist/\`) asks the collector's export route, which reads the timeline, builds it and
streams the OTLP/JSON as it makes it; the command writes it to a pipe as it arrives. Spawn to exit, the median of ${TRIES}; the
floor is \`--format json\` of the same timeline in the same run (read, build, one JSON.stringify).

| format | time, median | output |
| --- | --- | --- |
| otlp | ${ms(time)} | ${mb(otlp[0]!.bytes)} |
| json | ${ms(floor)} | ${mb(json[0]!.bytes)} |

OTLP export ${ms(time)} (target ≤ ${ms(TARGET_MS)}): **${time <= TARGET_MS ? 'met' : 'missed'}**.
`,
})
