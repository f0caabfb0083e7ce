// Both ways `upto run` starts its command: Node's own handles, and node:child_process (the fallback) must do
// the same thing.
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, test } from 'node:test'
import { spawnCommand, spawnWithChildProcess, type CommandProcess } from '../../src/cli/spawn-command.ts'

const dir = mkdtempSync(join(tmpdir(), 'upto-spawn-'))
after(() => rmSync(dir, { recursive: true, force: true }))

type Seen = { stderr: string; events: string[]; failed?: string; code?: number; signal?: string }
type Spawn = typeof spawnCommand

/** Runs `command` and resolves when it failed, or exited and closed its stderr. */
function watch(spawn: Spawn, command: string[], env: Record<string, string | undefined> = process.env, started?: (child: CommandProcess) => void): Promise<Seen> {
  return new Promise((resolve) => {
    const seen: Seen = { stderr: '', events: [] }
    const end = () => (seen.events.includes('exited') && seen.events.includes('closed') ? resolve(seen) : undefined)
    const child = spawn(command, env, {
      stderr(chunk) {
        assert.ok(Buffer.isBuffer(chunk))
        seen.stderr += chunk.toString()
        if (seen.events.at(-1) !== 'stderr') seen.events.push('stderr')
      },
      failed(why) {
        seen.failed = why
        seen.events.push('failed')
        setTimeout(() => resolve(seen), 100) // long enough for anything that wrongly follows
      },
      exited(code, signal) {
        seen.code = code
        if (signal !== undefined) seen.signal = signal
        seen.events.push('exited')
        end()
      },
      closed() {
        seen.events.push('closed')
        end()
      },
    })
    started?.(child)
  })
}

for (const [name, spawn] of [['node handles', spawnCommand], ['node:child_process', spawnWithChildProcess]] as const) {
  describe(`spawning with ${name}`, () => {
    test('passes stderr on as it comes, then the exit code', async () => {
      const seen = await watch(spawn, ['sh', '-c', 'echo out >/dev/null; echo one >&2; echo two >&2; exit 3'])
      assert.equal(seen.stderr, 'one\ntwo\n')
      assert.equal(seen.code, 3)
      assert.equal(seen.signal, undefined)
      assert.equal(seen.events[0], 'stderr')
    })

    test('gives the command exactly the environment asked for', async () => {
      const seen = await watch(spawn, ['sh', '-c', 'echo "$UPTO_X|$HOME" >&2'], { PATH: process.env.PATH, UPTO_X: 'a b=c', HOME: undefined })
      assert.equal(seen.stderr, 'a b=c|\n')
      assert.equal(seen.code, 0)
    })

    test('says which signal the command died of', async () => {
      const seen = await watch(spawn, ['sh', '-c', 'kill -TERM $$'])
      assert.equal(seen.signal, 'SIGTERM')
    })

    test('sends a signal on to the command', async () => {
      const seen = await watch(spawn, ['sleep', '10'], process.env, (child) => setTimeout(() => child.kill('SIGINT'), 50))
      assert.equal(seen.signal, 'SIGINT')
    })

    test('a command that does not exist fails with ENOENT, and nothing else happens', async () => {
      const seen = await watch(spawn, ['no-such-command-here'])
      assert.deepEqual([seen.failed, seen.events], ['ENOENT', ['failed']])
    })

    test('a folder is not a command: EACCES', async () => {
      const seen = await watch(spawn, [dir])
      assert.deepEqual([seen.failed, seen.events], ['EACCES', ['failed']])
    })

    test('stderr held open by a process left behind closes after the exit', async () => {
      const seen = await watch(spawn, ['sh', '-c', '(sleep 0.3; echo late >&2) & echo early >&2'])
      assert.equal(seen.code, 0)
      assert.equal(seen.stderr, 'early\nlate\n')
      assert.deepEqual(seen.events.slice(-3), ['exited', 'stderr', 'closed'])
    })
  })
}

test('a NUL byte in the command line is refused, with what was wrong', async () => {
  const seen = await watch(spawnCommand, ['echo', 'a\0b'])
  assert.deepEqual(seen.events, ['failed'])
  assert.match(seen.failed!, /null bytes/)
})
