// A data folder that cannot be used: held by another running collector, damaged, or not ours. `upto serve`
// says so in one line naming the folder (and the other process), exits 1, and leaves the folder as it was.

import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { describeHolder } from '../../src/store/level-owner.ts'
import { bin, freePort, startCollectorProcess } from '../helpers/collector-process.ts'

let dir: string
before(async () => (dir = await mkdtemp(join(tmpdir(), 'upto-folder-'))))
after(() => rm(dir, { recursive: true, force: true }))

async function serve(data: string) {
  const port = await freePort()
  const result = spawnSync(process.execPath, [bin, 'serve', '--data', data, '--port', String(port)], {
    env: { ...process.env, NO_COLOR: '1' },
    encoding: 'utf8',
    timeout: 20_000,
  })
  return { status: result.status, stderr: result.stderr }
}

async function snapshot(folder: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {}
  for (const name of (await readdir(folder)).sort()) out[name] = await readFile(join(folder, name), 'hex')
  return out
}

describe('upto serve on a folder it cannot use', () => {
  test('held by another running collector: names the folder and the other process, exits 1', async () => {
    const data = join(dir, 'held')
    const other = await startCollectorProcess(data)
    try {
      const { status, stderr } = await serve(data)
      assert.equal(status, 1)
      assert.equal(
        stderr.trim().split('\n').pop(),
        `upto: data folder ${data} is in use by another upto collector (process ${other.child.pid}, since ` +
          `${/since (\S+);/.exec(stderr)?.[1]}; LevelDB lock held): stop it, or pass --data with another folder`,
      )
      assert.doesNotMatch(stderr, /\n\s+at /, 'no stack trace')
      assert.equal((await fetch(`http://127.0.0.1:${other.port}/api/`)).status, 200, 'the other collector carries on')
    } finally {
      assert.equal(await other.stop(), 0)
    }
  })

  test('damaged (a CURRENT file that names no manifest): says so, exits 1, leaves every byte as it was', async () => {
    const data = join(dir, 'damaged')
    await mkdir(data)
    await writeFile(join(data, 'CURRENT'), 'garbage\n')
    await writeFile(join(data, '000005.ldb'), 'table')
    const before = await snapshot(data)
    const { status, stderr } = await serve(data)
    assert.equal(status, 1)
    assert.match(stderr, new RegExp(`upto: data folder ${data} is not a readable upto store \\(its CURRENT file does not name a manifest\\): it was left as it is; restore it from a backup, or pass --data with another folder`))
    assert.doesNotMatch(stderr, /\n\s+at /)
    assert.deepEqual(await snapshot(data), before)
  })

  test('holding other files: refuses to take it over', async () => {
    const data = join(dir, 'not-ours')
    await mkdir(data)
    await writeFile(join(data, 'thesis.tex'), 'mine')
    const { status, stderr } = await serve(data)
    assert.equal(status, 1)
    assert.match(stderr, /holds other files and no upto store \(found thesis\.tex\): pass --data with an empty or new folder/)
    assert.deepEqual(await readdir(data), ['thesis.tex'])
  })

  test('the holder is named from LOCK.owner, or from /proc/locks when the file says nothing', async () => {
    const world = (files: Record<string, string>, alive: number[] = []) => ({
      readText: async (path: string) => {
        const found = Object.entries(files).find(([name]) => path.endsWith(name))
        if (found === undefined) throw new Error('ENOENT')
        return found[1]
      },
      inode: async () => 1474578,
      alive: (pid: number) => alive.includes(pid),
      host: 'here',
    })
    const owner = JSON.stringify({ pid: 3768, host: 'here', started: '2026-11-22T17:00:00.000Z' })
    const locks = '1: POSIX  ADVISORY  WRITE 3768 fe:00:1474578 0 EOF\n2: POSIX  ADVISORY  WRITE 99 fe:00:1 0 EOF\n'
    assert.equal(await describeHolder('/d', world({ 'LOCK.owner': owner, '/proc/locks': locks }, [3768])), 'process 3768, since 2026-11-22T17:00:00.000Z')
    assert.equal(await describeHolder('/d', world({ '/proc/locks': locks })), 'process 3768')
    // a stale file (its process is gone) gives way to what the kernel says
    const stale = JSON.stringify({ pid: 12, host: 'here', started: '2026-01-01T00:00:00.000Z' })
    assert.equal(await describeHolder('/d', world({ 'LOCK.owner': stale, '/proc/locks': locks })), 'process 3768')
    const remote = JSON.stringify({ pid: 12, host: 'nfs-client', started: '2026-01-01T00:00:00.000Z' })
    assert.equal(await describeHolder('/d', world({ 'LOCK.owner': remote })), 'process 12 on host nfs-client, since 2026-01-01T00:00:00.000Z')
    assert.equal(await describeHolder('/d', world({})), undefined)
  })
})
