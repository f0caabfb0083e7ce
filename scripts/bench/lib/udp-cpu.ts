// CPU time per event of UDP ingest: a steadier measure than udp-ingest's zero-loss rate on a shared, noisy
// machine. Each run is a fresh process (udp-cpu-child.ts, bundled): the collector on a fresh LevelDB folder,
// its reader thread's batches of datagrams handed over in-process at a fixed rate, and the CPU it spent from the
// first datagram until all are stored, per event stored: user + system of every thread (LevelDB's too), and of
// the main thread alone (what decodes and stores). Left out is what the kernel and the reader thread spend
// receiving a datagram, the same for any collector.
// Several checkouts take turns, so their medians compare:
//
//   node --import tsx scripts/bench/lib/udp-cpu.ts [--rate 100000] [--seconds 4] [--prefill 0] [--rounds 5] [ROOT ...]
//
// --prefill N sends N events first, uncounted: LevelDB then compacts as in a store that has grown.
// Each ROOT is a copy of the repository (with node_modules); this one when none is given.

import { spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { build } from 'esbuild'
import { root as here } from './paths.ts'
import { median } from './stats.ts'

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    rate: { type: 'string', default: '100000' },
    seconds: { type: 'string', default: '4' },
    rounds: { type: 'string', default: '5' },
    prefill: { type: 'string', default: '0' },
  },
})
const roots = (positionals.length > 0 ? positionals : [here]).map((r) => resolve(r))

interface Run {
  stored: number
  dropped: number
  batches: number
  cpuMs: number
  userMs: number
  systemMs: number
  mainMs: number
  wallMs: number
}

async function bundleChild(root: string, n: number): Promise<string> {
  const outfile = join(root, 'node_modules', '.cache', 'upto-bench', 'bundles', `udp-cpu-child-${n}.mjs`)
  await build({
    absWorkingDir: root,
    entryPoints: [join(root, 'scripts', 'bench', 'lib', 'udp-cpu-child.ts')],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
    define: { UPTO_WEB_SCRIPT: '""' },
  })
  return outfile
}

async function run(file: string): Promise<Run> {
  const data = await mkdtemp(join(tmpdir(), 'upto-udp-cpu-'))
  try {
    const child = spawn(process.execPath, [file, data, values.rate, values.seconds, values.prefill], { stdio: ['ignore', 'pipe', 'inherit'] })
    let out = ''
    child.stdout.on('data', (c: Buffer) => (out += c))
    const code = await new Promise((done) => child.once('exit', done))
    if (code !== 0) throw new Error(`udp-cpu-child exited with ${String(code)}`)
    return JSON.parse(out) as Run
  } finally {
    await rm(data, { recursive: true, force: true })
  }
}

const us = (r: Run) => (r.cpuMs * 1000) / r.stored
const mainUs = (r: Run) => (r.mainMs * 1000) / r.stored

const files = await Promise.all(roots.map((r, i) => bundleChild(r, i)))
const runs = roots.map((): Run[] => [])
for (let round = 0; round < Number(values.rounds); round++) {
  // who goes first alternates, so a drift of the machine falls on each alike
  const order = roots.map((_, i) => (round % 2 === 0 ? i : roots.length - 1 - i))
  for (const i of order) {
    const r = await run(files[i]!)
    runs[i]!.push(r)
    const line = `${roots[i]}: ${us(r).toFixed(2)} µs/event (user ${((r.userMs * 1000) / r.stored).toFixed(2)}, ` +
      `system ${((r.systemMs * 1000) / r.stored).toFixed(2)}; main thread ${mainUs(r).toFixed(2)}), ${r.stored} stored in ${r.batches} batches, ` +
      `${(r.wallMs / 1000).toFixed(2)} s\n`
    process.stderr.write(line)
  }
}
for (const [i, root] of roots.entries()) {
  const all = runs[i]!.map(us)
  const main = runs[i]!.map(mainUs)
  const list = (xs: number[]) => xs.map((x) => x.toFixed(2)).join(' ')
  process.stdout.write(`${root}: median ${median(all).toFixed(2)} µs/event of CPU [${list(all)}], ` +
    `main thread ${median(main).toFixed(2)} [${list(main)}]\n`)
}
