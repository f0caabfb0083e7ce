// upto run as a real process: bin/upto (the built client), real commands, a UDP sink and the real collector.
import assert from 'node:assert/strict'
import { spawnSync, spawn } from 'node:child_process'
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import type { Incoming } from '../../src/core/types.ts'
import { decodeDatagram } from '../../src/codecs/datagram.ts'
import { bin, eventually, freePort, startCollectorProcess } from '../helpers/collector-process.ts'
import { udpSink, type UdpSink } from '../helpers/udp-sink.ts'

const dir = mkdtempSync(join(tmpdir(), 'upto-run-'))
after(() => rmSync(dir, { recursive: true, force: true }))

interface Result {
  status: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
}

/** Runs bin/upto with `args`, the collector given by UPTO_SERVER (inherited by the command's own calls). */
function upto(args: string[], server: string, input?: string): Promise<Result> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], {
      env: { ...process.env, UPTO_SERVER: server, UPTO_BIN: bin, NODE: process.execPath },
      stdio: ['pipe', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (c: Buffer) => (stdout += c))
    child.stderr.on('data', (c: Buffer) => (stderr += c))
    child.stdin.end(input ?? '')
    child.on('close', (status, signal) => resolve({ status, signal, stdout, stderr }))
  })
}

function script(name: string, text: string): string {
  const path = join(dir, name)
  writeFileSync(path, `#!/bin/sh\nupto() { "$NODE" "$UPTO_BIN" "$@"; }\n${text}`)
  chmodSync(path, 0o755)
  return path
}

describe('upto run against a UDP sink', () => {
  let sink: UdpSink
  let server: string
  let seen = 0
  before(async () => {
    sink = await udpSink()
    server = `127.0.0.1:${sink.port}`
  })
  after(() => sink.close())
  async function events(count: number): Promise<Incoming[]> {
    const late = new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`fewer than ${count} datagrams`)), 10_000).unref())
    const datagrams = await Promise.race([sink.received(seen + count), late])
    const got = datagrams.slice(seen).flatMap((d) => decodeDatagram(d, Date.now(), '127.0.0.1').events)
    seen += count
    return got
  }

  test('passes stdout and stderr through, returns the exit code, and ends the step with the error', async () => {
    const result = await upto(['run', 'ci', 'unit', '--', 'sh', '-c', 'echo out; echo first >&2; echo "3 tests failed" >&2; exit 3'], server)
    assert.equal(result.status, 3)
    assert.equal(result.stdout, 'out\n')
    assert.equal(result.stderr, 'first\n3 tests failed\n', 'stderr reaches the caller as it was written')
    const [start, end] = await events(2)
    assert.deepEqual([start!.kind, start!.context, start!.name], ['start', 'ci', 'unit'])
    assert.deepEqual([end!.kind, end!.name, end!.status, end!.message, end!.attrs], ['end', 'unit', 'error', 'first\n3 tests failed', { exit: '3' }])
    assert.ok(end!.time! >= start!.time!)
  })

  test('ends a command that succeeded with status ok and exit 0, and gives it stdin', async () => {
    const result = await upto(['run', 'ci', 'echo', '--attr', 'runner=7', 'cat'], server, 'hello\n')
    assert.equal(result.status, 0)
    assert.equal(result.stdout, 'hello\n')
    const [, end] = await events(2)
    assert.deepEqual([end!.status, end!.message, end!.attrs], ['ok', undefined, { runner: '7', exit: '0' }])
  })

  test('dies of the signal that killed the command, and says so in the end event', async () => {
    const result = await upto(['run', 'ci', 'killed', '--', 'sh', '-c', 'kill -TERM $$'], server)
    assert.equal(result.signal, 'SIGTERM')
    const [, end] = await events(2)
    assert.deepEqual([end!.status, end!.message, end!.attrs], ['error', 'killed by SIGTERM', { exit: '143', signal: 'SIGTERM' }])
  })

  test('exits 127 for a command that does not exist, and says which', async () => {
    const result = await upto(['run', 'ci', 'missing', '--', 'no-such-command-here'], server)
    assert.equal(result.status, 127)
    assert.match(result.stderr, /no-such-command-here: command not found/)
    const [, end] = await events(2)
    assert.deepEqual([end!.status, end!.message], ['error', 'no-such-command-here: command not found'])
  })

  test('nests the calls of the command under the running step, in its timeline', async () => {
    const build = script('build.sh', [
      'upto start ci compile',
      'upto end ci compile --status ok',
      'upto run ci link -- sh -c \'"$NODE" "$UPTO_BIN" mark ci linked\'',
      'upto mark ci build.done',
      'upto start other lint',
      'upto run other check -- sh -c \'[ -z "$UPTO_TIMELINE" ] && [ "$UPTO_CONTEXT/$UPTO_PARENT" = "other/check" ]\' || exit 8',
      '[ "$UPTO_CONTEXT/$UPTO_PARENT/$UPTO_TIMELINE" = "ci/build/77" ] || exit 9',
      '',
    ].join('\n'))
    const result = await upto(['run', 'ci', 'build', '--timeline', '77', '--', build], server)
    assert.equal(result.status, 0, result.stderr)
    const got = await events(11)
    const brief = got.map((e) => `${e.kind} ${e.context} ${e.name} ${e.timeline ?? '-'}`).sort()
    assert.deepEqual(brief, [
      'end ci build 77',
      'end ci build.compile 77',
      'end ci build.link 77',
      'mark ci build.done 77',
      'mark ci build.link.linked 77',
      'start ci build 77',
      'start ci build.compile 77',
      'start ci build.link 77',
      'start other lint -',
      'start other check -',
      'end other check -',
    ].sort())
  })
})

describe('upto run when the collector cannot be reached', () => {
  test('still runs the command and returns its exit code, with a warning', async () => {
    const port = await freePort()
    const result = await upto(['run', 'ci', 'x', '--http', '--timeout', '2', '--', 'sh', '-c', 'echo ran; exit 4'], `127.0.0.1:${port}`)
    assert.equal(result.status, 4)
    assert.equal(result.stdout, 'ran\n')
    assert.match(result.stderr, /upto: warning: start of x: could not deliver to http:\/\/127\.0\.0\.1:\d+\/api\/events/)
  })

  test('with --strict, fails before running the command', async () => {
    const port = await freePort()
    const marker = join(dir, 'ran')
    const result = await upto(['run', 'ci', 'x', '--http', '--strict', '--timeout', '2', '--', 'touch', marker], `127.0.0.1:${port}`)
    assert.equal(result.status, 1)
    assert.match(result.stderr, /upto: error: start of x: could not deliver/)
    assert.equal(existsSync(marker), false, 'the command did not run')
  })
})

describe('upto run with the real collector', () => {
  test('makes a timeline where the calls of a script nest under the run', async () => {
    const data = mkdtempSync(join(dir, 'data-'))
    const collector = await startCollectorProcess(data)
    try {
      const server = `127.0.0.1:${collector.port}`
      const deploy = script('deploy.sh', [
        'upto run deploy migrate -- true',
        'upto run deploy restart -- sh -c \'echo "health check failed" >&2; exit 2\'',
        'exit 5',
        '',
      ].join('\n'))
      const result = await upto(['run', 'deploy', 'release', '--http', '--', deploy], server)
      assert.equal(result.status, 5)
      const model = await eventually(async () => {
        const res = await fetch(`http://${server}/api/contexts/deploy/latest`)
        if (!res.ok) return undefined
        const body = (await res.json()) as { model: { rows: { name: string; status: string; end?: number; attempts: { message?: string }[] }[] } }
        return body.model.rows.length === 3 && body.model.rows.every((r) => r.end !== undefined) ? body.model : undefined
      })
      assert.deepEqual(model.rows.map((r) => [r.name, r.status]), [
        ['release', 'error'],
        ['release.migrate', 'ok'],
        ['release.restart', 'error'],
      ])
      assert.equal(model.rows[2]!.attempts[0]!.message, 'health check failed')
    } finally {
      await collector.stop()
    }
  })
})

test('a synchronous caller sees the exit code too', () => {
  const result = spawnSync(process.execPath, [bin, 'run', 'ci', 'x', '--rp', '9', '--', 'sh', '-c', 'exit 6'])
  assert.equal(result.status, 6)
})

test('with --pending-deprecation, node:child_process runs the command, and no deprecation warning is printed', () => {
  const result = spawnSync(process.execPath, ['--pending-deprecation', bin, 'run', 'ci', 'x', '--rp', '9', '--', 'sh', '-c', 'echo oops >&2; exit 4'], { encoding: 'utf8' })
  assert.equal(result.status, 4)
  assert.equal(result.stderr, 'oops\n')
})
