// npm run bench: every scenario of scripts/bench/, one after another, each in its own process and bundled as
// the product is; then docs/benchmarks.md, written from what they measured. With names, only those run and
// their sections are printed; the page is written by full runs only.
//
//   npm run bench                      all of them, about five minutes
//   npm run bench -- udp-ingest ...    some of them

import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { bundle } from './lib/bundle.ts'
import { table } from './lib/format.ts'
import { machine } from './lib/machine.ts'
import { benchDir, root } from './lib/paths.ts'
import { type Check, type Section, metWord } from './lib/report.ts'

/** In the order they run; store-write.ts (the PostgreSQL store) joins when it exists. */
const scenarios = ['client-start', 'udp-ingest', 'collector-memory', 'http-ingest', 'read-timeline', 'terminal-gantt',
  'web-gantt', 'trace-import', 'otlp-export', 'store-write', 'durability', 'home-page', 'udp-under-pages', 'web-huge',
  'nats-source', 'payloads', 'graph', 'watchdog', 'cdevents', 'agent']
const LIMIT_MS = 10 * 60_000

const asked = process.argv.slice(2)
const unknown = asked.filter((a) => !scenarios.includes(a))
if (unknown.length > 0) {
  process.stderr.write(`unknown scenario ${unknown.join(', ')}: expected some of ${scenarios.join(', ')}\n`)
  process.exit(2)
}
const chosen = (asked.length > 0 ? asked : scenarios).filter((s) => existsSync(join(benchDir, `${s}.ts`)))

interface Outcome {
  id: string
  seconds: number
  section?: Section
  /** Markdown of a scenario that writes no structured result (store-write.ts), or of a failure. */
  text: string
  failed?: string
}

async function runScenario(id: string, env: NodeJS.ProcessEnv): Promise<Outcome> {
  const file = await bundle(id)
  const json = join(tmpdir(), `upto-bench-${process.pid}-${id}.json`)
  rmSync(json, { force: true })
  const t0 = performance.now()
  process.stderr.write(`\n▶ ${id}\n`)
  const { code, out, err } = await new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
    const child = spawn(process.execPath, [file], { env: { ...process.env, ...env, UPTO_BENCH_JSON: json } })
    let out = ''
    let err = ''
    child.stdout.on('data', (c: Buffer) => {
      out += c
      process.stdout.write(c)
    })
    child.stderr.on('data', (c: Buffer) => {
      err = (err + c).slice(-8_000)
      process.stderr.write(c)
    })
    const timer = setTimeout(() => child.kill('SIGKILL'), LIMIT_MS)
    child.once('exit', (exit) => {
      clearTimeout(timer)
      resolve({ code: exit, out, err })
    })
  })
  const seconds = (performance.now() - t0) / 1000
  const section = existsSync(json) ? (JSON.parse(readFileSync(json, 'utf8')) as Section) : undefined
  rmSync(json, { force: true })
  if (code !== 0) {
    const failed = `exited with ${code ?? 'a signal'} after ${seconds.toFixed(0)} s`
    return { id, seconds, text: `${out.trim()}\n\n**Failed**: ${failed}.\n\n\`\`\`\n${err.trim().slice(-3_000)}\n\`\`\``, failed }
  }
  return { id, seconds, ...(section ? { section } : {}), text: out.trim() }
}

const started = new Date()
const loadAtStart = machine().load
const outcomes: Outcome[] = []
for (const id of chosen) {
  const udp = outcomes.find((o) => o.id === 'udp-ingest')?.section?.data?.collectorZeroLoss
  const env: NodeJS.ProcessEnv = (id === 'collector-memory' || id === 'udp-under-pages') && udp ? { UPTO_BENCH_UDP_RATE: String(udp) } : {}
  outcomes.push(await runScenario(id, env))
}
const total = outcomes.reduce((s, o) => s + o.seconds, 0)
process.stderr.write(`\nbench: ${chosen.length} scenarios in ${(total / 60).toFixed(1)} min\n`)
if (asked.length > 0) process.exit(outcomes.some((o) => o.failed) ? 1 : 0)

const m = machine()
const checks: Check[] = outcomes.flatMap((o) => o.section?.checks ?? [])
const summary = table(
  ['scenario', 'measured', 'floor, same run', 'ratio', 'target', ''],
  checks.map((c) => [c.scenario, c.measured, c.floor, c.ratio ?? '—', c.target, metWord(c.met)]),
)
const failures = outcomes.filter((o) => o.failed).map((o) => `\`${o.id}\` ${o.failed}`)
const sections = outcomes.map((o) => {
  const body = o.section && !o.failed ? `## ${o.section.title}\n\n${o.section.body.trim()}` : o.text
  const heading = body.startsWith('## ') ? body : `## ${o.id}\n\n${body}`
  return `${heading}\n\n<sub>\`scripts/bench/${o.id}.ts\`, ${o.seconds.toFixed(0)} s</sub>`
})

const page = `# Benchmarks

Written by \`npm run bench\` (\`scripts/bench/run.ts\`) — do not edit by hand, run it again. Every figure is measured in the same
run as the floor it is compared with: the machine is shared and noisy, so ratios are what count, and each figure is a median
or the best of repeated tries, as each section says.

- **Date**: ${started.toISOString()}
- **Machine**: \`nproc\` ${m.nproc}, ${m.memory} memory, ${m.cpu}, ${m.os}; load average (1, 5, 15 min) ${loadAtStart} at the start,
  ${m.load} at the end — other work on the machine moves every figure, floors included
- **Node**: ${m.node}
- **Repeat**: \`npm ci && npm run bench\` (${(total / 60).toFixed(1)} min here; the first run on a machine also builds the
  1,000,000-event store of \`read-timeline\`, about two minutes, kept in \`node_modules/.cache/upto-bench/\`). One scenario:
  \`npm run bench -- udp-ingest\`, or \`node --import tsx scripts/bench/udp-ingest.ts\`. Nothing to install beyond \`npm ci\`:
  the senders, load generator and floors are small Node programs in \`scripts/bench/lib/\`.

## Targets

${summary}
${failures.length > 0 ? `\n**Scenarios that failed**: ${failures.join('; ')}.\n` : ''}
${sections.join('\n\n')}
`
mkdirSync(join(root, 'docs'), { recursive: true })
writeFileSync(join(root, 'docs', 'benchmarks.md'), page)
process.stderr.write(`bench: wrote docs/benchmarks.md\n`)
