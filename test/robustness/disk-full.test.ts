// A full disk: the collector runs on a small tmpfs that is filled, then freed. Every event it acknowledged is
// in the folder after a restart, and while the store cannot write it refuses (503, counted) instead of
// acknowledging what it cannot keep. Needs root (mount -t tmpfs); skipped, saying why, where it cannot mount
// one, and failed instead when CI is set.

import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { mkdtemp, open, rm, statfs, unlink } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { run } from '../../src/program.ts'
import { floorBytes, parseSizeFloor } from '../../src/core/byte-size.ts'
import { defaultMinFree } from '../../src/pipeline/store-health.ts'
import { encodeBatch, type ClientEvent } from '../../src/codecs/encode.ts'
import { type Collector, startCollector } from '../../src/server/collector.ts'
import { openLevelStore } from '../../src/store/level.ts'
import { captureIo } from '../helpers/cli-io.ts'
import { eventually, udpClient } from '../server/udp-client.ts'
import { metricsOf, sample } from './metrics-text.ts'

let mount: string
let mountProblem: string | undefined
before(async () => {
  mount = await mkdtemp(join(tmpdir(), 'upto-disk-full-'))
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=24m', 'tmpfs', mount], { stdio: 'pipe' })
  } catch (error) {
    mountProblem = `cannot mount a tmpfs to fill (${String((error as { stderr?: Buffer }).stderr ?? error).trim()}): run as root`
  }
})
after(async () => {
  if (mountProblem === undefined) execFileSync('umount', [mount])
  await rm(mount, { recursive: true, force: true })
})

/** Skips when no tmpfs could be mounted, unless CI is set: there it must run. */
function needsTmpfs(t: { skip(reason: string): void }): boolean {
  if (mountProblem === undefined) return true
  if (process.env.CI) assert.fail(mountProblem)
  t.skip(mountProblem)
  return false
}

const filler = 'x'.repeat(900)
const event = (name: string): ClientEvent => ({ kind: 'mark', context: 'disk', name, host: 'h', time: Date.now(), timeline: 'run', message: filler })

/** Writes a file until the disk has no more than `leave` bytes free; answers a function that removes it. */
async function fillDisk(path: string, leave = 0): Promise<() => Promise<void>> {
  const file = await open(path, 'w')
  for (const size of [1 << 20, 64 << 10, 4 << 10, 512]) {
    if (leave > 0) {
      const fs = await statfs(mount)
      if (fs.bavail * fs.bsize - size < leave) continue
    }
    const chunk = Buffer.alloc(size, 1)
    try {
      for (;;) {
        if (leave > 0) {
          const fs = await statfs(mount)
          if (fs.bavail * fs.bsize - size < leave) break
        }
        await file.write(chunk)
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error
    }
  }
  await file.close()
  return () => unlink(path)
}

interface Sender {
  acknowledged: string[]
  statuses: Map<number, number>
  retryAfter: Set<string>
  /** Sends `batches` batches of 20 events, one after another; answers how many were acknowledged. */
  send(batches: number): Promise<number>
}

function sender(collector: Collector): Sender {
  const base = `http://127.0.0.1:${collector.httpPort}`
  let next = 0
  const acknowledged: string[] = []
  const statuses = new Map<number, number>()
  const retryAfter = new Set<string>()
  return {
    acknowledged, statuses, retryAfter,
    async send(batches) {
      let ok = 0
      for (let b = 0; b < batches; b++) {
        const names = Array.from({ length: 20 }, () => `e${next++}`)
        const res = await fetch(`${base}/api/events`, { method: 'POST', body: encodeBatch(names.map(event)), headers: { 'content-type': 'application/msgpack' } })
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1)
        const retry = res.headers.get('retry-after')
        if (retry !== null) retryAfter.add(`${res.status} ${retry}`)
        if (res.status === 200 && ((await res.json()) as { accepted: number }).accepted === names.length) {
          acknowledged.push(...names)
          ok++
        } else await res.body?.cancel()
      }
      return ok
    },
  }
}

async function storedNames(data: string): Promise<Set<string>> {
  const store = await openLevelStore(data)
  try {
    return new Set((await store.messages('disk', 'run')).map((m) => m.name))
  } finally {
    await store.close()
  }
}

describe('a full disk', () => {
  test('loses no acknowledged event: filled, freed, restarted, every one is there', async (t) => {
    if (!needsTmpfs(t)) return
    const data = join(mount, 'data')
    const lines: string[] = []
    const collector = await startCollector({ data, port: 0, minFree: { bytes: 0 }, healthInterval: 100, log: (l) => lines.push(l) })
    const base = `http://127.0.0.1:${collector.httpPort}`
    const client = sender(collector)
    try {
      assert.equal(await client.send(20), 20)
      const free = await fillDisk(join(mount, 'ballast'))
      await client.send(40)
      assert.ok(client.statuses.get(503), `some batches refused while the disk is full (answers ${JSON.stringify([...client.statuses])})`)
      assert.ok([...client.retryAfter].some((r) => r.startsWith('503 ')), 'the 503 says when to come back')
      const full = await metricsOf(base)
      assert.equal(sample(full, 'upto_store_healthy'), 0)
      await free()
      // the store comes back on its own once there is room; events are acknowledged again
      const deadline = Date.now() + 20_000
      while ((await client.send(5)) < 5 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200))
      assert.equal(sample(await metricsOf(base), 'upto_store_healthy'), 1)
      assert.equal(await client.send(150), 150)
    } finally {
      await collector.close()
    }
    const log = lines.join('\n')
    assert.match(log, /store failed.*refusing events until a write succeeds again/)
    assert.match(log, /store writable again/)
    const stored = await storedNames(data)
    const lost = client.acknowledged.filter((name) => !stored.has(name))
    assert.deepEqual(lost.slice(0, 10), [], `${lost.length} of ${client.acknowledged.length} acknowledged events lost`)
  })
})

describe('--min-free', () => {
  test('refuses events before the disk is full, counted, and takes them again once there is room', async (t) => {
    if (!needsTmpfs(t)) return
    const data = join(mount, 'min-free')
    const lines: string[] = []
    const collector = await startCollector({ data, port: 0, minFree: { bytes: 4_000_000 }, healthInterval: 50, log: (l) => lines.push(l) })
    const base = `http://127.0.0.1:${collector.httpPort}`
    const client = sender(collector)
    const udp = udpClient(collector.udpPort)
    try {
      assert.equal(await client.send(5), 5)
      const free = await fillDisk(join(mount, 'ballast'), 2_000_000)
      await eventually(async () => (sample(await metricsOf(base), 'upto_store_healthy') === 0 ? true : undefined))
      assert.equal(await client.send(3), 0)
      assert.ok([...client.retryAfter].some((r) => r.startsWith('503 ')), 'the 503 says when to come back')
      for (let i = 0; i < 10; i++) await udp.send(`mark disk udp.${i}`)
      const refusing = await eventually(async () => {
        const text = await metricsOf(base)
        return sample(text, 'upto_events_dropped_total', { transport: 'udp', reason: 'store_unavailable' }) === 10 ? text : undefined
      })
      assert.equal(sample(refusing, 'upto_events_dropped_total', { transport: 'http', reason: 'store_unavailable' }), 60)
      assert.equal(sample(refusing, 'upto_store_failed_batches_total'), 0, 'no write was even tried')
      await free()
      await eventually(async () => (sample(await metricsOf(base), 'upto_store_healthy') === 1 ? true : undefined))
      assert.equal(await client.send(5), 5)
    } finally {
      udp.close()
      await collector.close()
    }
    assert.match(lines.join('\n'), /only [\d.]+ [kM]B free on the store's disk, below --min-free 4.0 MB: refusing events until there is room/)
    assert.match(lines.join('\n'), /room on the store's disk again/)
    const stored = await storedNames(data)
    assert.deepEqual(client.acknowledged.filter((name) => !stored.has(name)), [])
    assert.equal(stored.size, client.acknowledged.length)
  })
})

describe('--min-free sizes', () => {
  test('read like 500MB, 1GiB, 5% or 0; the default is the smaller of 256 MB and 5% of the disk', () => {
    assert.deepEqual(parseSizeFloor('500MB'), { bytes: 500e6 })
    assert.deepEqual(parseSizeFloor('1GiB'), { bytes: 1024 ** 3 })
    assert.deepEqual(parseSizeFloor('5%'), { percent: 5 })
    assert.deepEqual(parseSizeFloor('0'), { bytes: 0 })
    for (const bad of ['', 'MB', '5 parsecs', '-1MB', '101%', 'lots']) assert.equal(parseSizeFloor(bad), undefined, bad)
    assert.equal(floorBytes({ percent: 5 }, 1e9), 5e7)
    assert.equal(defaultMinFree(1e12), 256e6)
    assert.equal(defaultMinFree(20e6), 1e6)
  })

  test('upto serve refuses a --min-free it cannot read, saying what it expected', async () => {
    const io = captureIo(['serve', '--min-free', 'lots', '--port', '1'])
    assert.equal(await run(io), 2)
    assert.match(io.stderr, /invalid --min-free "lots": expected a size like 500MB or 1GiB, a percent like 5%, or 0/)
  })
})
