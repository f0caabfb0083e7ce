// The client in a CI step: a whole `upto start ctx a.b` process (one UDP datagram), and `upto run ctx step
// -- true` (a start, the command, an end), against the floor of starting node at all: `node -e 0`.
// The three run in turn, so that noise on the machine falls on all of them alike; medians of RUNS each.
//
//   node --import tsx scripts/bench/client-start.ts

import { createSocket } from 'node:dgram'
import { statSync } from 'node:fs'
import { join } from 'node:path'
import { count, ms, ratio, table } from './lib/format.ts'
import { root } from './lib/paths.ts'
import { timeProcess } from './lib/processes.ts'
import { framesTable, profileFolder, topFrames } from './lib/profile.ts'
import { type Check, emit } from './lib/report.ts'
import { median, quantile } from './lib/stats.ts'

const RUNS = 25
const WARM = 3
const bin = join(root, 'bin', 'upto')
const node = process.execPath

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

const commands: Array<{ name: string; args: string[]; datagrams: number }> = [
  { name: 'node -e 0', args: ['-e', '0'], datagrams: 0 },
  { name: 'upto start ctx a.b', args: [bin, 'start', 'ctx', 'a.b'], datagrams: 1 },
  { name: 'upto run ctx step -- true', args: [bin, 'run', 'ctx', 'step', '--', 'true'], datagrams: 2 },
  { name: 'node spawning true, stderr piped, child_process', args: ['-e', spawnChild], datagrams: 0 },
  { name: 'node spawning true, stderr piped, process handle', args: ['-e', spawnHandle], datagrams: 0 },
]

const times = new Map<string, number[]>(commands.map((c) => [c.name, []]))
const failures: string[] = []
for (let i = 0; i < WARM + RUNS; i++) {
  for (const c of commands) {
    const before = datagrams
    const t = await timeProcess(node, c.args, env)
    if (t.code !== 0) failures.push(`${c.name} exited ${t.code}`)
    if (i >= WARM) times.get(c.name)!.push(t.ms)
    if (c.datagrams > 0) {
      await new Promise((resolve) => setTimeout(resolve, 5))
      if (datagrams - before < c.datagrams) failures.push(`${c.name} sent ${datagrams - before} datagrams`)
    }
  }
}
sink.close()

const floor = median(times.get('node -e 0')!)
const rows = commands.map((c) => {
  const t = times.get(c.name)!
  const name = c.args[0] === '-e' && c.name !== 'node -e 0' ? `${c.name} (reference)` : `\`${c.name}\``
  return [name, ms(median(t)), ms(quantile(t, 0.1)), ms(quantile(t, 0.9)), ratio(median(t) / floor)]
})
const startRatio = median(times.get('upto start ctx a.b')!) / floor
const runRatio = median(times.get('upto run ctx step -- true')!) / floor
const ok = failures.length === 0
const checks: Check[] = [
  {
    scenario: '`upto start ctx a.b` over UDP, whole process',
    measured: ms(median(times.get('upto start ctx a.b')!)),
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
for (const [check, args] of [[checks[0]!, ['start', 'ctx', 'a.b']], [checks[1]!, ['run', 'ctx', 'step', '--', 'true']]] as const) {
  if (check.met !== false) continue
  const dir = profileFolder(`client-start-${args[0]}`)
  for (let i = 0; i < 10; i++) await timeProcess(node, ['--cpu-prof', `--cpu-prof-dir=${dir}`, bin, ...args], env)
  limits += `\n\nWhat limits \`upto ${args.join(' ')}\` — CPU profiles of 10 runs, busy time by function ` +
    '(module loading and compiling show as `compileForInternalLoader`, `wrapSafe`, `(program)`):\n\n' + framesTable(topFrames(dir))
}

const built = statSync(join(root, 'dist', 'upto.cjs')).mtime.toISOString()
emit({
  id: 'client-start',
  title: 'Client start: one step of a CI job',
  checks,
  body: `
Each command is a whole process, timed from spawn to exit by the benchmark (\`${node} …\`, so the shebang's
\`/usr/bin/env\` lookup is left out of both sides). The commands take turns, ${WARM} rounds to warm the file cache, then
${RUNS} measured rounds. \`bin/upto\` runs the built \`dist/\` as it is (built ${built}), compiling the client bundle with the build's V8 code cache; the datagrams go to a UDP socket of
the benchmark that counts them (${count(datagrams)} arrived${ok ? ', as many as sent' : ''}).
${table(['command', 'median', 'p10', 'p90', '× node -e 0'], rows)}

The reference rows are node alone running \`true\` with its stderr passed on through a pipe, which \`upto run\` needs
for the last lines of stderr when a command fails: through child_process, which loads net, dgram and the stream
modules (${ratio(childRatio)} \`node -e 0\`), and through node's own process and pipe handles (${ratio(handleRatio)}), as
\`upto run\` does (\`src/cli/spawn-command.ts\`; child_process is its fallback). What \`upto run\` adds to the second
is its own share: reading its command line, two datagrams, the environment for the calls nested in the command.
${failures.length > 0 ? `\n**Failures**: ${[...new Set(failures)].join('; ')}\n` : ''}${limits}
`,
})
