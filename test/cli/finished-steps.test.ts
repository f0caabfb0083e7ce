// Outside CI, a start of a step that already finished in the newest run (a loop that forgot `upto new`) says once,
// to a person at a terminal, that it becomes a further attempt and how to begin a new run; it never fails.

import assert from 'node:assert/strict'
import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { runCommand } from '../../src/cli/commands/run.ts'
import { parseClientCall } from '../../src/cli/fast-path.ts'
import { run } from '../../src/program.ts'
import { captureIo } from '../helpers/cli-io.ts'
import { udpSink, type UdpSink } from '../helpers/udp-sink.ts'

describe('a step started again in the newest run', () => {
  let sink: UdpSink
  let state: string
  before(async () => {
    sink = await udpSink()
  })
  after(() => sink.close())

  /** One client call at a terminal, with its own state folder; what it said on stderr. */
  async function call(args: string[], env: Record<string, string> = {}, terminal = true): Promise<string> {
    const io = captureIo([...args.slice(0, 3), '--rp', String(sink.port), ...args.slice(3)], { XDG_STATE_HOME: state, ...env })
    io.errIsTTY = terminal
    const call = args[0] === 'run' ? parseClientCall(io.argv) : undefined
    const code = call !== undefined && 'command' in call ? await runCommand(io, call) : await run(io)
    assert.equal(code, 0, io.stderr)
    return io.stderr
  }

  test('a loop without `upto new` is told once, at its second start, with the attempt and the way out', async () => {
    state = await mkdtemp(join(tmpdir(), 'upto-state-'))
    try {
      const said: string[] = []
      for (let i = 0; i < 3; i++) {
        said.push(await call(['start', 'nightly', 'build']))
        said.push(await call(['end', 'nightly', 'build']))
      }
      assert.deepEqual(said, ['', '',
        'upto: note: build already finished in the newest run of nightly: this start is attempt 2 of it. ' +
        'To begin a new run, send `upto new nightly` first (or pass --timeline)\n', '', '', ''])
      // `upto new` begins a run where build has not finished yet
      await call(['new', 'nightly'])
      assert.equal(await call(['start', 'nightly', 'build']), '')
      assert.equal(await call(['end', 'nightly', 'build']), '')
      assert.match(await call(['start', 'nightly', 'build']), /this start is attempt 2 of it/)
      // another context, another collector: apart
      assert.equal(await call(['start', 'other', 'build']), '')
    } finally {
      await rm(state, { recursive: true, force: true })
    }
  })

  test('nothing is said for a named run (CI, --timeline), off a terminal, or when the state cannot be kept', async () => {
    state = await mkdtemp(join(tmpdir(), 'upto-state-'))
    try {
      await call(['end', 'ci', 'build'])
      assert.equal(await call(['start', 'ci', 'build', '--timeline', 'r1']), '')
      assert.equal(await call(['start', 'ci', 'build'], { GITHUB_ACTIONS: 'true', GITHUB_RUN_ID: '7', GITHUB_RUN_ATTEMPT: '1' }), '')
      assert.equal(await call(['start', 'ci', 'build'], {}, false), '')
      // a file where the folder should be, a file that is not JSON: no note, no failure
      await rm(join(state, 'upto'), { recursive: true })
      await writeFile(join(state, 'upto'), 'not a folder')
      assert.equal(await call(['end', 'ci', 'test']), '')
      assert.equal(await call(['start', 'ci', 'test']), '')
      await rm(join(state, 'upto'))
      await mkdir(join(state, 'upto'))
      await writeFile(join(state, 'upto', 'finished-steps.json'), '{"broken')
      assert.equal(await call(['start', 'ci', 'test']), '')
    } finally {
      await rm(state, { recursive: true, force: true })
    }
  })

  test('`upto run` is told too', async () => {
    state = await mkdtemp(join(tmpdir(), 'upto-state-'))
    try {
      assert.equal(await call(['run', 'nightly', 'build', '--', 'true']), '')
      assert.match(await call(['run', 'nightly', 'build', '--', 'true']), /^upto: note: build already finished in the newest run of nightly: this start is attempt 2/)
    } finally {
      await rm(state, { recursive: true, force: true })
    }
  })
})
