// `upto import --format chrome` of a big Chromium-like trace (lib/chromium-trace.ts: about 180,000 events,
// 33 MB, made by this scenario), into a collector of its own: the wall time of the whole command, spawn to
// exit, and the command's peak RSS (its rusage, from /proc through a preload). Each try imports into a
// timeline of its own, so the collector stores everything every time. Floor: JSON.parse of the same file.
//
//   node --import tsx scripts/bench/trace-import.ts

import { spawn } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { writeChromiumTrace } from './lib/chromium-trace.ts'
import { startCollectorChild } from './lib/collector.ts'
import { count, mb, ms, table } from './lib/format.ts'
import { root } from './lib/paths.ts'
import { type Check, emit } from './lib/report.ts'
import { median } from './lib/stats.ts'

const EVENTS = 180_000
const TRIES = 3
const TARGET_MS = 3_000
const TARGET_RSS = 300 * 1024 * 1024

const dir = await mkdtemp(join(tmpdir(), 'upto-bench-trace-'))
const file = join(dir, 'trace.json')
const shape = await writeChromiumTrace(file, EVENTS)
// the command's own peak RSS, written as it exits: nothing else is in its process
const preload = join(dir, 'peak-rss.cjs')
writeFileSync(preload, "process.on('exit', () => require('node:fs').writeFileSync(process.env.UPTO_BENCH_RSS, String(process.resourceUsage().maxRSS * 1024)))\n")

const floors: number[] = []
for (let i = 0; i < TRIES; i++) {
  const t0 = performance.now()
  JSON.parse(readFileSync(file, 'utf8'))
  floors.push(performance.now() - t0)
}

const collector = await startCollectorChild()
const runs: { ms: number; rss: number; out: string }[] = []
try {
  for (let i = 0; i < TRIES; i++) {
    const rssFile = join(dir, `rss-${i}`)
    const args = ['-r', preload, join(root, 'bin', 'upto.cjs'), 'import', file, '--format', 'chrome', '--context', 'bench-trace',
      '--timeline', `try-${i + 1}`, '--rp', String(collector.httpPort), '--skip-invalid']
    const t0 = performance.now()
    const { code, out } = await new Promise<{ code: number | null; out: string }>((resolve, reject) => {
      const child = spawn(process.execPath, args, { env: { ...process.env, UPTO_BENCH_RSS: rssFile }, stdio: ['ignore', 'pipe', 'pipe'] })
      let out = ''
      child.stdout.on('data', (c: Buffer) => (out += c))
      child.stderr.on('data', (c: Buffer) => (out += c))
      child.once('error', reject)
      child.once('exit', (exit) => resolve({ code: exit, out }))
    })
    const elapsed = performance.now() - t0
    if (code !== 0) throw new Error(`upto import exited with ${code}: ${out}`)
    runs.push({ ms: elapsed, rss: Number(readFileSync(rssFile, 'utf8')), out: out.trim() })
  }
} finally {
  await collector.stop()
  await collector.remove()
  await rm(dir, { recursive: true, force: true })
}

const time = median(runs.map((r) => r.ms))
const rss = Math.max(...runs.map((r) => r.rss))
const floor = median(floors)
const checks: Check[] = [
  {
    scenario: `upto import of a ${mb(shape.bytes)} Chromium trace (${count(shape.events)} events), into a collector`,
    measured: ms(time),
    floor: `${ms(floor)} (JSON.parse of the file)`,
    target: `≤ ${ms(TARGET_MS)}`,
    met: time <= TARGET_MS,
  },
  {
    scenario: 'peak RSS of that upto import',
    measured: mb(rss),
    floor: '—',
    target: `≤ ${mb(TARGET_RSS)}`,
    met: rss <= TARGET_RSS,
  },
]

emit({
  id: 'trace-import',
  title: 'Importing a big Chromium trace',
  checks,
  body: `
The trace is made by \`scripts/bench/lib/chromium-trace.ts\`, the same every run: ${count(shape.events)} events in ${mb(shape.bytes)},
${shape.threads} threads in 8 processes, tasks as \`X\` events nested up to five deep with Chromium's args, some \`B\`/\`E\` pairs,
flow events and instants. \`bin/upto import --format chrome\` (the built \`dist/\`) sends it to a collector of its own
(a child process, LevelDB in a temporary folder) and exits once every batch is durable; ${TRIES} tries, each into a new timeline.
Time is spawn to exit, the median; RSS is the command's peak (\`process.resourceUsage().maxRSS\`), the highest of the tries.

${table(['try', 'time', 'peak RSS'], runs.map((r, i) => [String(i + 1), ms(r.ms), mb(r.rss)]))}

What the command said: \`${runs[0]?.out.split('\n')[0] ?? ''}\`

Import ${ms(time)} (target ≤ ${ms(TARGET_MS)}): **${time <= TARGET_MS ? 'met' : 'missed'}**; peak RSS ${mb(rss)} (target ≤ ${mb(TARGET_RSS)}):
**${rss <= TARGET_RSS ? 'met' : 'missed'}**. JSON.parse alone of the file takes ${ms(floor)}.
`,
})
