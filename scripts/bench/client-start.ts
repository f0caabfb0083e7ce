// The client in a CI step: a whole `upto start ctx a.b` process (one UDP datagram), and `upto run ctx step
// -- true` (a start, the command, an end), against the floors of starting node at all (`node -e 0`) and of
// bash sending the same text line to /dev/udp. `upto start` as each install runs it: bin/upto (its shell
// client), the Node client (bin/upto.cjs), the single executable (npm run package, built here), and the
// command `npm install -g` of the tarball puts on the PATH (installed here into a temporary prefix).
// All run in turn, so that noise on the machine falls on all of them alike; medians of RUNS each.
//
//   node --import tsx scripts/bench/client-start.ts

import { execFileSync } from 'node:child_process'
import { createSocket } from 'node:dgram'
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { count, ms, ratio, table } from './lib/format.ts'
import { root } from './lib/paths.ts'
import { timeProcess } from './lib/processes.ts'
import { framesTable, profileFolder, topFrames } from './lib/profile.ts'
import { type Check, emit } from './lib/report.ts'
import { median, quantile } from './lib/stats.ts'

const RUNS = 30
const WARM = 3
const bin = join(root, 'bin', 'upto')
const nodeBin = join(root, 'bin', 'upto.cjs')
const node = process.execPath

// the single executable and the npm-installed command, made from this checkout
const installs = mkdtempSync(join(tmpdir(), 'upto-bench-installs-'))
process.on('exit', () => rmSync(installs, { recursive: true, force: true }))
const single = join(installs, 'upto')
execFileSync(node, [join(root, 'scripts', 'package.mjs')], { env: { ...process.env, UPTO_PACKAGE_OUT: single }, stdio: 'ignore' })
const packed = JSON.parse(execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', installs], { cwd: root, encoding: 'utf8' })) as { filename: string }[]
const prefix = join(installs, 'prefix')
execFileSync('npm', ['install', '--global', '--prefix', prefix, '--no-audit', '--no-fund', '--prefer-offline', join(installs, packed[0]!.filename)], { cwd: installs, stdio: 'ignore' })
const installed = join(prefix, 'bin', 'upto')

// a collector stand-in that only counts, so the datagrams go somewhere real
const sink = createSocket('udp4')
let datagrams = 0
sink.on('message', () => datagrams++)
await new Promise<void>((resolve) => sink.bind(0, '127.0.0.1', resolve))
const port = String(sink.address().port)
// no UPTO_* from the caller's environment, and the collector address given the way CI would set it
const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, UPTO_SERVER: `127.0.0.1:${port}` }

// What `upto run` cannot do without, as node alone does it: run `true` with stderr piped through (for the tail
// of stderr, which is the message when a command fails), and wait for it to end. Once with child_process, and
// once with node's own process and pipe handles, as upto run does (src/cli/spawn-command.ts).
const spawnChild =
  "const c = require('child_process').spawn('true', [], { stdio: ['inherit', 'inherit', 'pipe'] });" +
  "c.stderr.on('data', (d) => process.stderr.write(d)); c.on('close', () => {})"
const spawnHandle =
  "const { Process } = process.binding('process_wrap'), { Pipe, constants } = process.binding('pipe_wrap');" +
  "const s = process.binding('stream_wrap'), c = new Process(), p = new Pipe(constants.SOCKET);" +
  "c.onexit = () => c.close();" +
  "p.onread = (b) => { const n = s.streamBaseState[s.kReadBytesOrError];" +
  " if (n > 0) process.stderr.write(Buffer.from(b, s.streamBaseState[s.kArrayBufferOffset], n)); else if (n < 0) p.close() };" +
  "c.spawn({ file: 'true', args: ['true'], envPairs: Object.entries(process.env).map(([k, v]) => k + '=' + v)," +
  " stdio: [{ type: 'inherit', fd: 0 }, { type: 'inherit', fd: 1 }, { type: 'pipe', handle: p }] }); p.readStart()"

const bashLine = `echo "start ctx a.b" >/dev/udp/127.0.0.1/${port}`
const commands: Array<{ name: string; file: string; args: string[]; datagrams: number; reference?: true }> = [
  { name: 'node -e 0', file: node, args: ['-e', '0'], datagrams: 0 },
  { name: 'upto start ctx a.b', file: node, args: [nodeBin, 'start', 'ctx', 'a.b'], datagrams: 1 },
  { name: 'upto run ctx step -- true', file: node, args: [nodeBin, 'run', 'ctx', 'step', '--', 'true'], datagrams: 2 },
  { name: 'bash -c \'echo "start ctx a.b" >/dev/udp/…\'', file: 'bash', args: ['-c', bashLine], datagrams: 1 },
  { name: 'bin/upto start ctx a.b', file: bin, args: ['start', 'ctx', 'a.b'], datagrams: 1 },
  { name: 'npm-installed upto start ctx a.b', file: installed, args: ['start', 'ctx', 'a.b'], datagrams: 1 },
  { name: 'single executable: upto start ctx a.b', file: single, args: ['start', 'ctx', 'a.b'], datagrams: 1 },
  { name: 'node spawning true, stderr piped, child_process', file: node, args: ['-e', spawnChild], datagrams: 0, reference: true },
  { name: 'node spawning true, stderr piped, process handle', file: node, args: ['-e', spawnHandle], datagrams: 0, reference: true },
]

const times = new Map<string, number[]>(commands.map((c) => [c.name, []]))
const failures: string[] = []
for (let i = 0; i < WARM + RUNS; i++) {
  for (const c of commands) {
    const before = datagrams
    const t = await timeProcess(c.file, c.args, env)
    if (t.code !== 0) failures.push(`${c.name} exited ${t.code}`)
    if (i >= WARM) times.get(c.name)!.push(t.ms)
    if (c.datagrams > 0) {
      await new Promise((resolve) => setTimeout(resolve, 5))
      if (datagrams - before < c.datagrams) failures.push(`${c.name} sent ${datagrams - before} datagrams`)
    }
  }
}
sink.close()

const at = (name: string) => median(times.get(name)!)
const floor = at('node -e 0')
const bashFloor = at(commands[3]!.name)
const rows = commands.map((c) => {
  const t = times.get(c.name)!
  const name = c.reference ? `${c.name} (reference)` : `\`${c.name}\``
  return [name, ms(median(t)), ms(quantile(t, 0.1)), ms(quantile(t, 0.9)), ratio(median(t) / floor), ratio(median(t) / bashFloor)]
})
const startRatio = at('upto start ctx a.b') / floor
const runRatio = at('upto run ctx step -- true') / floor
const shellRatio = at('bin/upto start ctx a.b') / bashFloor
const singleRatio = at('single executable: upto start ctx a.b') / floor
const ok = failures.length === 0
const checks: Check[] = [
  {
    scenario: '`bin/upto start ctx a.b`: the shell client, whole process',
    measured: ms(at('bin/upto start ctx a.b')),
    floor: `${ms(bashFloor)} (bash sending the line to \`/dev/udp\`)`,
    ratio: ratio(shellRatio),
    target: '≤ 2×',
    met: ok && shellRatio <= 2,
  },
  {
    scenario: '`upto start ctx a.b` as the single executable',
    measured: ms(at('single executable: upto start ctx a.b')),
    floor: `${ms(floor)} (\`node -e 0\`)`,
    ratio: ratio(singleRatio),
    target: '≤ 1.1×',
    met: ok && singleRatio <= 1.1,
  },
  {
    scenario: '`upto start ctx a.b` on Node (`bin/upto.cjs`), whole process',
    measured: ms(at('upto start ctx a.b')),
    floor: `${ms(floor)} (\`node -e 0\`)`,
    ratio: ratio(startRatio),
    target: '≤ 1.15×',
    met: ok && startRatio <= 1.15,
  },
  {
    scenario: '`upto run ctx step -- true`',
    measured: ms(median(times.get('upto run ctx step -- true')!)),
    floor: `${ms(floor)} (\`node -e 0\`)`,
    ratio: ratio(runRatio),
    target: '≤ 1.3×',
    met: ok && runRatio <= 1.3,
  },
]

const childRatio = median(times.get('node spawning true, stderr piped, child_process')!) / floor
const handleRatio = median(times.get('node spawning true, stderr piped, process handle')!) / floor
let limits = ''
for (const [check, args] of [[checks[2]!, ['start', 'ctx', 'a.b']], [checks[3]!, ['run', 'ctx', 'step', '--', 'true']]] as const) {
  if (check.met !== false) continue
  const dir = profileFolder(`client-start-${args[0]}`)
  for (let i = 0; i < 10; i++) await timeProcess(node, ['--cpu-prof', `--cpu-prof-dir=${dir}`, nodeBin, ...args], env)
  limits += `\n\nWhat limits \`upto ${args.join(' ')}\` — CPU profiles of 10 runs, busy time by function ` +
    '(module loading and compiling show as `compileForInternalLoader`, `wrapSafe`, `(program)`):\n\n' + framesTable(topFrames(dir))
}

const built = statSync(join(root, 'dist', 'upto.cjs')).mtime.toISOString()
emit({
  id: 'client-start',
  title: 'Client start: one step of a CI job',
  checks,
  body: `
Each command is a whole process, timed from spawn to exit by the benchmark. The commands take turns, ${WARM} rounds to
warm the file cache, then ${RUNS} measured rounds; the datagrams go to a UDP socket of the benchmark that counts them
(${count(datagrams)} arrived${ok ? ', as many as sent' : ''}).

- \`bin/upto\` as a user's PATH runs it, through its \`#!/bin/sh\` line: \`sh\` hands it to bash, which sends the
  plain client commands itself as one text line (the shell client); the npm-installed command is the same file, reached
  through npm's link in a temporary \`--prefix\`.
- \`upto start\` and \`upto run\` on Node are \`${node} bin/upto.cjs …\` (no \`/usr/bin/env\` lookup on either side of
  \`node -e 0\`), running the built \`dist/\` as it is (built ${built}) and compiling the client bundle with the build's
  V8 code cache. This is the path of \`upto run\`, \`--http\` and signed datagrams, and where there is no bash.
- The single executable is built by this benchmark (\`npm run package\`): Node itself with the whole program and its
  code cache inside.

${table(['command', 'median', 'p10', 'p90', '× node -e 0', '× bash'], rows)}

The reference rows are node alone running \`true\` with its stderr passed on through a pipe, which \`upto run\` needs
for the last lines of stderr when a command fails: through child_process, which loads net, dgram and the stream
modules (${ratio(childRatio)} \`node -e 0\`), and through node's own process and pipe handles (${ratio(handleRatio)}), as
\`upto run\` does (\`src/cli/spawn-command.ts\`; child_process is its fallback). What \`upto run\` adds to the second
is its own share: reading its command line, two datagrams, the environment for the calls nested in the command.
${failures.length > 0 ? `\n**Failures**: ${[...new Set(failures)].join('; ')}\n` : ''}${limits}
`,
})
