// bin/upto sends the plain client commands from bash, as text lines, and hands everything else to Node. One
// suite runs every case through both paths — bin/upto as it is, and with UPTO_SHELL_CLIENT=0 (Node for all) —
// and checks that the collector's decoder reads the same events from both, that the commands say and exit the
// same, and that each case took the path it should: a text line from bash, msgpack from Node.

import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { ciSystems } from '../../src/cli/ci-run.ts'
import { decodeDatagram } from '../../src/codecs/datagram.ts'
import { ciEnvironments } from './ci-environments.ts'
import type { Decoded } from '../../src/core/types.ts'
import { eventually, startCollectorProcess, type CollectorProcess } from '../helpers/collector-process.ts'
import { needs } from '../helpers/needs.ts'
import { udpSink } from '../helpers/udp-sink.ts'

const shellBin = fileURLToPath(new URL('../../bin/upto', import.meta.url))
const skip = needs('bash', existsSync('/bin/bash') || existsSync('/usr/bin/bash'), 'the shell client is bash: apt-get install bash')

interface Case {
  name: string
  argv: (port: number) => string[]
  env?: (port: number) => Record<string, string>
  /**
   * Which path bin/upto takes: bash sends a text line, Node msgpack; or nothing is sent, for a usage error (none)
   * or an event the collector would refuse, which Node warns of and exits 0 (warned).
   */
  path: 'bash' | 'node' | 'none' | 'warned'
}

const rp = (port: number) => ['--rp', String(port)]
const server = (port: number) => ({ UPTO_SERVER: `127.0.0.1:${port}` })
const nesting = { UPTO_CONTEXT: 'ci', UPTO_PARENT: 'build', UPTO_TIMELINE: '77' }

const cases: Case[] = [
  { name: 'a start', argv: (p) => ['start', 'deploy', 'db.migrate', ...rp(p)], path: 'bash' },
  { name: 'the aliases s, e, v, event and n', argv: (p) => ['v', 'deploy', 'tagged', ...rp(p)], path: 'bash' },
  { name: 'an end with status, message, timeline and attrs', path: 'bash',
    argv: (p) => ['end', 'build', 'unit', ...rp(p), '--timeline', '1234', '--status', 'error', '--message', 'exit 3', '--attr', 'commit=3f2a', '--attr', 'runner=ci-7'] },
  { name: 'the original flags before the command', path: 'bash',
    argv: (p) => ['--rh', '127.0.0.1', '--remoteport', String(p), '-n', 'web1', 'start', 'deploy', 'db'] },
  { name: '--name=value forms and a repeated option, the last winning', path: 'bash',
    argv: (p) => ['mark', 'deploy', 'x', `--rp=${p}`, '--status=a', '--status=b', '--hostname=h1', '--attr=k=v=w'] },
  { name: 'a new, with and without --timeline', argv: (p) => ['new', 'deploy', '--timeline', 'v2.3', ...rp(p)], path: 'bash' },
  { name: 'a bare new', argv: (p) => ['n', 'deploy', ...rp(p)], path: 'bash' },
  { name: 'UPTO_SERVER', argv: () => ['start', 'deploy', 'a'], env: server, path: 'bash' },
  { name: 'UPTO_SERVER as a name, looked up as IPv4', argv: () => ['start', 'deploy', 'a'], env: (p) => ({ UPTO_SERVER: `localhost:${p}` }), path: 'bash' },
  { name: '--rh as a name', argv: (p) => ['start', 'deploy', 'a', '--rh', 'localhost', ...rp(p)], path: 'bash' },
  { name: '--rp winning over UPTO_SERVER', argv: (p) => ['start', 'deploy', 'a', ...rp(p)], env: () => ({ UPTO_SERVER: '127.0.0.1:9' }), path: 'bash' },
  { name: 'a port with leading zeros', argv: (p) => ['start', 'deploy', 'a', '--rp', `00${p}`], path: 'bash' },
  { name: '--autohost', argv: (p) => ['start', 'deploy', 'a', '-a', ...rp(p)], path: 'bash' },
  { name: '--autohost with HOSTNAME set otherwise', argv: (p) => ['start', 'deploy', 'a', '--autohost', ...rp(p)], env: () => ({ HOSTNAME: 'not-this' }), path: 'bash' },
  { name: '--hostname winning over --autohost, even empty', argv: (p) => ['start', 'deploy', 'a', '-a', '-n', '', ...rp(p)], path: 'bash' },
  { name: '--autoip', argv: (p) => ['start', 'deploy', 'a', '-i', ...rp(p)], path: 'bash' },
  { name: 'words that need quoting', path: 'bash',
    argv: (p) => ['end', 'my ctx', 'a=b.c "d"', ...rp(p), '--message', 'tab\there\nnew line \\ back "quoted"', '--attr', 'a key=v "1"', '--status', ''] },
  { name: 'an empty message and attr value', argv: (p) => ['end', 'deploy', 'a', ...rp(p), '--message', '', '--attr', 'k='], path: 'bash' },
  { name: 'a dash alone as a word, and -- before words', argv: (p) => [...rp(p), 'start', 'deploy', '--', '-', ], path: 'bash' },
  { name: '--timeout, which only --http uses', argv: (p) => ['start', 'deploy', 'a', '--timeout', 'nonsense', ...rp(p)], path: 'bash' },
  { name: 'a step inside `upto run` nesting under it', argv: () => ['start', 'ci', 'compile'], env: (p) => ({ ...server(p), ...nesting }), path: 'bash' },
  { name: 'a step already under the running one', argv: () => ['end', 'ci', 'build.link'], env: (p) => ({ ...server(p), ...nesting }), path: 'bash' },
  { name: 'the running step itself, with its own --timeline', argv: () => ['mark', 'ci', 'build', '--timeline', ''], env: (p) => ({ ...server(p), ...nesting }), path: 'bash' },
  { name: 'another context inside `upto run`', argv: () => ['start', 'other', 'compile'], env: (p) => ({ ...server(p), ...nesting }), path: 'bash' },
  { name: 'a new inside `upto run`, never nested', argv: () => ['new', 'ci'], env: (p) => ({ ...server(p), ...nesting }), path: 'bash' },
  ...ciCases(),
  { name: 'a CI run id, but --timeline wins', argv: (p) => ['start', 'ci', 'a', '--timeline', '7', ...rp(p)], env: () => ({ GITHUB_RUN_ID: '99' }), path: 'bash' },
  { name: 'a CI run id, but UPTO_CI=0', argv: (p) => ['start', 'ci', 'a', ...rp(p)], env: () => ({ GITHUB_RUN_ID: '99', UPTO_CI: '0' }), path: 'bash' },
  { name: 'a CI run id under `upto run`, whose timeline wins', argv: () => ['start', 'ci', 'a'], env: (p) => ({ ...server(p), ...nesting, CI_PIPELINE_ID: '5' }), path: 'bash' },
  { name: 'a CI run id for a new', argv: (p) => ['new', 'ci', ...rp(p)], env: () => ({ BUILDKITE_BUILD_ID: '0190-ab' }), path: 'bash' },
  { name: 'an empty UPTO_SERVER, as if unset', argv: (p) => ['start', 'deploy', 'a', ...rp(p)], env: () => ({ UPTO_SERVER: '' }), path: 'bash' },
  // handed to Node: what bash cannot send as Node does, or what Node has to explain
  { name: 'non-ASCII text', argv: (p) => ['start', 'déploiement', 'étape', ...rp(p)], path: 'node' },
  { name: 'a control character', argv: (p) => ['end', 'deploy', 'a', ...rp(p), '--message', 'bell\u0007'], path: 'warned' },
  { name: 'an attr named like a text-line key', argv: (p) => ['end', 'deploy', 'a', ...rp(p), '--attr', 'host=x'], path: 'node' },
  { name: 'a signing key', argv: (p) => ['start', 'deploy', 'a', ...rp(p)], env: () => ({ UPTO_UDP_KEY: 'secret' }), path: 'node' },
  { name: 'UPTO_SHELL_CLIENT=0', argv: (p) => ['start', 'deploy', 'a', ...rp(p)], env: () => ({ UPTO_SHELL_CLIENT: '0' }), path: 'node' },
  { name: 'grouped short flags', argv: (p) => ['start', 'deploy', 'a', '-ai', ...rp(p)], path: 'node' },
  { name: 'UPTO_SERVER with a scheme', argv: () => ['start', 'deploy', 'a'], env: (p) => ({ UPTO_SERVER: `http://127.0.0.1:${p}/` }), path: 'node' },
  { name: 'a line longer than bash writes at once', argv: (p) => ['end', 'deploy', 'a', ...rp(p), '--message', 'x'.repeat(2_000)], path: 'node' },
  // what the collector would refuse: Node says so, sends nothing, and exits 0
  { name: 'a name of 33 segments', argv: (p) => ['start', 'ci', Array(33).fill('s').join('.'), ...rp(p)], path: 'warned' },
  { name: 'a name with an empty segment', argv: (p) => ['start', 'ci', 'a..b', ...rp(p)], path: 'warned' },
  { name: 'a name ending in a dot', argv: (p) => ['start', 'ci', 'a.', ...rp(p)], path: 'warned' },
  { name: 'a name of a tab', argv: (p) => ['start', 'ci', 'a\tb', ...rp(p)], path: 'warned' },
  { name: 'a name of 1,025 bytes', argv: (p) => ['start', 'ci', 'n'.repeat(1_025), ...rp(p)], path: 'warned' },
  { name: 'a context of 201 bytes', argv: (p) => ['start', 'c'.repeat(201), 'a', ...rp(p)], path: 'warned' },
  { name: 'an empty context', argv: (p) => ['start', '', 'a', ...rp(p)], path: 'warned' },
  { name: 'a status of two words', argv: (p) => ['end', 'ci', 'a', '--status', 'not ok', ...rp(p)], path: 'warned' },
  { name: 'a status of 65 bytes', argv: (p) => ['end', 'ci', 'a', '--status', 's'.repeat(65), ...rp(p)], path: 'warned' },
  { name: 'the timeline latest', argv: (p) => ['end', 'ci', 'a', '--timeline', 'latest', ...rp(p)], path: 'warned' },
  { name: 'a host of 256 bytes', argv: (p) => ['end', 'ci', 'a', '-n', 'h'.repeat(256), ...rp(p)], path: 'warned' },
  { name: 'a message of 4,097 bytes', argv: (p) => ['end', 'ci', 'a', '--message', 'm'.repeat(4_097), ...rp(p)], path: 'warned' },
  { name: 'an attr key with a tab', argv: (p) => ['end', 'ci', 'a', '--attr', 'k\tk=v', ...rp(p)], path: 'warned' },
  { name: '65 attrs', argv: (p) => ['end', 'ci', 'a', ...Array.from({ length: 65 }, (_, i) => `--attr=k${i}=v`), ...rp(p)], path: 'warned' },
  { name: '65 attrs, but 64 keys', argv: (p) => ['end', 'ci', 'a', '--attr=k0=w', ...Array.from({ length: 64 }, (_, i) => `--attr=k${i}=v`), ...rp(p)], path: 'node' },
  { name: 'a name at the limits: 32 segments, 1,024 bytes', argv: (p) => ['start', 'ci', [...Array(31).fill('s'), 'n'.repeat(962)].join('.'), ...rp(p)], path: 'bash' },
  { name: 'a name of 32 segments', argv: (p) => ['start', 'ci', Array(32).fill('s').join('.'), ...rp(p)], path: 'bash' },
  { name: 'a message with lines and tabs, within the limits', argv: (p) => ['end', 'ci', 'a', '--message', 'a\tb\r\nc', ...rp(p)], path: 'bash' },
  { name: 'a bad attr', argv: (p) => ['end', 'deploy', 'a', ...rp(p), '--attr', 'novalue'], path: 'none' },
  { name: 'a bad port', argv: () => ['start', 'deploy', 'a', '--rp', '70000'], path: 'none' },
  { name: 'an empty --rh', argv: (p) => ['start', 'deploy', 'a', '--rh', '', ...rp(p)], path: 'none' },
  { name: 'a missing step name', argv: (p) => ['start', 'deploy', ...rp(p)], path: 'none' },
  { name: 'a new with a step name', argv: (p) => ['new', 'deploy', 'x', ...rp(p)], path: 'none' },
  { name: 'a new with a status', argv: (p) => ['new', 'deploy', '--status', 'ok', ...rp(p)], path: 'none' },
  { name: 'an unknown option', argv: (p) => ['start', 'deploy', 'a', '--nope', ...rp(p)], path: 'none' },
  { name: '--autohost=1', argv: (p) => ['start', 'deploy', 'a', '--autohost=1', ...rp(p)], path: 'none' },
  { name: 'an option missing its value', argv: (p) => ['start', 'deploy', 'a', ...rp(p), '--status'], path: 'none' },
]

/** Every CI system of src/cli/ci-run.ts, alone and with the one after it set too (the first wins). */
function ciCases(): Case[] {
  return ciSystems.map((system, i) => {
    const env = ciEnvironments[system.name]!
    const next = ciEnvironments[ciSystems[i + 1]?.name ?? '']
    return { name: `in ${system.name}`, argv: (p: number) => ['start', 'ci', 'a', ...rp(p)], env: () => ({ ...next, ...env }), path: 'bash' as const }
  })
}

interface Outcome {
  code: number | null
  stdout: string
  stderr: string
  datagram?: Buffer
  sentAt: [number, number]
}

function runBin(argv: string[], env: Record<string, string>): Promise<Omit<Outcome, 'datagram' | 'sentAt'>> {
  return new Promise((resolve, reject) => {
    const child = spawn(shellBin, argv, { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (c: Buffer) => (stdout += c))
    child.stderr.on('data', (c: Buffer) => (stderr += c))
    child.once('error', reject)
    child.once('close', (code) => resolve({ code, stdout, stderr }))
  })
}

/**
 * A `new` with no id given prints the id it made, time-sortable and random at the end; the same form from
 * both paths, and the same printed as sent, then left out of the comparison as the times are.
 */
function madeId(outcome: Outcome): Outcome {
  const made = /^(\d{8}-\d{6}-\d{3})-[a-z0-9]{4}\n$/.exec(outcome.stdout)
  if (made === null) return outcome
  const id = outcome.stdout.trim()
  const at = new Date(outcome.sentAt[0]).toISOString().replace(/[-:]/g, '').replace('T', '-').replace('.', '-').slice(0, 19)
  assert.ok(made[1]! >= at, `${made[1]} made when the command ran (${at})`)
  if (outcome.datagram === undefined) return { ...outcome, stdout: 'ID\n' }
  const text = outcome.datagram.toString('latin1')
  assert.ok(text.includes(id), `the id printed is the one sent: ${id}`)
  return { ...outcome, stdout: 'ID\n', datagram: Buffer.from(text.replace(id, 'ID'.padEnd(id.length, '_')), 'latin1') }
}

/** Reads events as the collector does; times are checked against when the command ran, then left out. */
function decoded(outcome: Outcome): Decoded {
  const result = decodeDatagram(outcome.datagram!, Date.now(), '127.0.0.1')
  for (const event of result.events) {
    if (event.time !== undefined) {
      assert.ok(event.time >= outcome.sentAt[0] - 1 && event.time <= outcome.sentAt[1] + 1, `time ${event.time} within the run`)
      delete event.time
    }
  }
  return result
}

describe('bin/upto: the shell client and the Node client send the same events', { skip, concurrency: 4 }, () => {
  /** Runs the case with a sink of its own: what it sent, or that it sent nothing when it should not. */
  async function through(c: Case, env: Record<string, string>): Promise<Outcome> {
    const sink = await udpSink()
    try {
      const t0 = Date.now()
      const result = await runBin(c.argv(sink.port), { ...(c.env?.(sink.port) ?? {}), ...env })
      const sentAt: [number, number] = [t0, Date.now()]
      if (c.path === 'none' || c.path === 'warned') {
        await new Promise((resolve) => setTimeout(resolve, 20)) // loopback: a datagram sent has arrived by now
        assert.deepEqual(sink.arrived(), [], 'nothing sent')
        return { ...result, sentAt }
      }
      const [datagram] = await sink.received(1)
      return { ...result, datagram, sentAt }
    } finally {
      sink.close()
    }
  }

  for (const c of cases) {
    test(c.name, { timeout: 5_000 }, async () => {
      const shell = madeId(await through(c, {}))
      const node = madeId(await through(c, { UPTO_SHELL_CLIENT: '0' }))
      assert.equal(shell.code, node.code, 'the same exit code')
      assert.equal(shell.stdout, node.stdout)
      assert.equal(shell.stderr.replaceAll(/\d+ ms/g, 'N ms'), node.stderr.replaceAll(/\d+ ms/g, 'N ms'))
      if (c.path === 'none') {
        assert.notEqual(shell.code, 0, 'Node explains the mistake')
        return
      }
      if (c.path === 'warned') {
        assert.equal(shell.code, 0)
        assert.match(shell.stderr, /^upto: warning: not sent, the collector would refuse it: .+ expected /)
        return
      }
      assert.equal(shell.code, 0)
      assert.equal(node.datagram?.[0] !== undefined && node.datagram[0] >= 0x80, true, 'Node sends msgpack')
      const text = shell.datagram?.[0] !== undefined && shell.datagram[0] < 0x80
      assert.equal(text, c.path === 'bash', c.path === 'bash' ? 'bash sent a text line' : 'handed to Node')
      const fromShell = decoded(shell)
      if (c.path === 'bash') {
        assert.deepEqual(fromShell.refused, [])
        assert.equal(fromShell.events.length, 1)
      }
      assert.deepEqual(fromShell, decoded(node))
    })
  }
})

describe('bin/upto and what it leaves to Node', { skip }, () => {
  test('--version and --help are Node\'s, with the version of package.json', async () => {
    const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
    assert.deepEqual(await runBin(['--version'], {}), { code: 0, stdout: `${version}\n`, stderr: '' })
    const help = await runBin(['start', '--help'], {})
    assert.equal(help.code, 0)
    assert.match(help.stdout, /^Usage: upto start\|s \[options\] <context> <event>/)
  })
})

describe('bin/upto without bash', { skip }, () => {
  test('hands every command to Node', async () => {
    const path = mkdtempSync(join(tmpdir(), 'upto-nobash-'))
    try {
      for (const tool of ['node', 'readlink']) {
        const found = (process.env.PATH ?? '').split(':').map((dir) => join(dir, tool)).find((file) => existsSync(file))
        symlinkSync(tool === 'node' ? process.execPath : found!, join(path, tool))
      }
      const sink = await udpSink()
      try {
        const result = await new Promise<{ code: number | null; err: string }>((resolve) => {
          const child = spawn('/bin/sh', [shellBin, 'start', 'deploy', 'a', '--rp', String(sink.port)], { env: { PATH: path } })
          let err = ''
          child.stderr.on('data', (c: Buffer) => (err += c))
          child.once('close', (code) => resolve({ code, err }))
        })
        assert.deepEqual(result, { code: 0, err: '' })
        const [datagram] = await sink.received(1)
        assert.ok(datagram![0]! >= 0x80, 'msgpack, from Node')
      } finally {
        sink.close()
      }
    } finally {
      rmSync(path, { recursive: true, force: true })
    }
  })
})

describe('bin/upto against a real collector', { skip }, () => {
  let collector: CollectorProcess
  const data = mkdtempSync(join(tmpdir(), 'upto-shell-'))
  before(async () => (collector = await startCollectorProcess(data)))
  after(async () => {
    await collector.stop()
    rmSync(data, { recursive: true, force: true })
  })

  test('a run sent by bash reads back as the same run sent by Node', async () => {
    const runs = async (context: string, env: Record<string, string>) => {
      const e = { UPTO_SERVER: `127.0.0.1:${collector.port}`, ...env }
      for (const argv of [['new', context, '--timeline', 'r1'], ['start', context, 'build', '-n', 'h'], ['start', context, 'build.unit', '-n', 'h'],
        ['end', context, 'build.unit', '-n', 'h', '--status', 'error', '--message', 'expected "3"\ngot 4', '--attr', 'exit=3'],
        ['end', context, 'build', '-n', 'h', '--status', 'error'], ['mark', context, 'notified']]) {
        assert.equal((await runBin(argv, e)).code, 0)
      }
      const url = `http://127.0.0.1:${collector.port}/api/contexts/${context}/r1`
      type Row = { Name: string; Host: string; status: string; message: string | null; attrs: Record<string, string>; state: string }
      return eventually(async () => {
        const body = (await (await fetch(url)).json()) as { Events?: Row[] }
        const rows = body.Events ?? []
        const done = rows.length === 3 && rows.every((row) => row.state === 'done')
        return done ? rows.map(({ Name, Host, status, message, attrs, state }) => ({ Name, Host, status, message, attrs, state })) : undefined
      })
    }
    const fromShell = await runs('shell-run', {})
    const fromNode = await runs('node-run', { UPTO_SHELL_CLIENT: '0' })
    assert.deepEqual(fromShell, fromNode)
    assert.ok(fromShell.some((row) => row.message === 'expected "3"\ngot 4' && row.attrs.exit === '3'), JSON.stringify(fromShell))
  })
})
