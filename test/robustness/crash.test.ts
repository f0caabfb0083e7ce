// Crashes: an event acknowledged over HTTP survives kill -9 of the collector; SIGTERM flushes and closes
// within a bounded time, even with connections that never end.

import assert from 'node:assert/strict'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { encodeBatch, encodeEvent, type ClientEvent } from '../../src/codecs/encode.ts'
import { startCollector } from '../../src/server/collector.ts'
import { openLevelStore } from '../../src/store/level.ts'
import { createMemoryStore } from '../../src/store/memory.ts'
import { startCollectorProcess } from '../helpers/collector-process.ts'
import { createSpyStore } from '../pipeline/spy-store.ts'
import { eventually, udpClient } from '../server/udp-client.ts'
import { metricsOf, sample } from './metrics-text.ts'

let dir: string
before(async () => (dir = await mkdtemp(join(tmpdir(), 'upto-crash-'))))
after(() => rm(dir, { recursive: true, force: true }))

const event = (name: string): ClientEvent => ({ kind: 'mark', context: 'crash', name, host: 'h', time: Date.now(), timeline: 'run' })

/** Names of every message the folder holds for crash/run, read with the collector stopped. */
async function storedNames(data: string): Promise<Set<string>> {
  const store = await openLevelStore(data)
  try {
    return new Set((await store.messages('crash', 'run')).map((m) => m.name))
  } finally {
    await store.close()
  }
}

describe('kill -9 of the collector', () => {
  // by default a batch holding HTTP events is fsynced before it is acknowledged; without any fsync it is still
  // written to the OS first (LevelDB's log), which is all kill -9 needs: a power cut is another matter
  for (const sync of ['acknowledged', 'never']) test(`loses no event it acknowledged over HTTP (--sync ${sync}): restarted on the same folder, every one is there`, async () => {
    const data = join(dir, `kill-9-${sync}`)
    const first = await startCollectorProcess(data, undefined, { args: ['--sync', sync] })
    const base = `http://127.0.0.1:${first.port}`
    const acknowledged: string[] = []
    let sent = 0
    let stop = false
    // four clients stream batches of 25 until the collector dies under them
    const writer = async (w: number) => {
      for (let b = 0; !stop; b++) {
        const names = Array.from({ length: 25 }, (_, i) => `w${w}.b${b}.e${i}`)
        sent += names.length
        try {
          const res = await fetch(`${base}/api/events`, {
            method: 'POST',
            body: encodeBatch(names.map(event)),
            headers: { 'content-type': 'application/msgpack' },
          })
          if (res.status === 200 && ((await res.json()) as { accepted: number }).accepted === names.length) acknowledged.push(...names)
        } catch {
          return // the collector is gone
        }
      }
    }
    const writers = [0, 1, 2, 3].map(writer)
    await eventually(async () => (acknowledged.length >= 2_000 ? true : undefined), 30_000)
    assert.equal(await first.stop('SIGKILL'), 'SIGKILL')
    stop = true
    await Promise.all(writers)

    const second = await startCollectorProcess(data)
    try {
      const answer = await fetch(`http://127.0.0.1:${second.port}/api/contexts/crash`)
      assert.equal(answer.status, 200)
      assert.equal(await second.stop('SIGTERM'), 0)
    } finally {
      second.child.kill('SIGKILL')
    }
    const stored = await storedNames(data)
    const lost = acknowledged.filter((name) => !stored.has(name))
    assert.deepEqual(lost.slice(0, 10), [], `${lost.length} of ${acknowledged.length} acknowledged events lost (${sent} sent)`)
    assert.ok(stored.size >= acknowledged.length)
  })
})

describe('SIGTERM', () => {
  test('stores everything received before it, closes with exit code 0, and a restart has it all', async () => {
    const data = join(dir, 'sigterm')
    const collector = await startCollectorProcess(data)
    const base = `http://127.0.0.1:${collector.port}`
    const udp = udpClient(collector.port)
    // a page's live stream and an idle keep-alive connection stay open: close must not wait for them
    const stream = await fetch(`${base}/api/changes`, { headers: { accept: 'text/event-stream' } })
    try {
      for (let i = 0; i < 1_000; i++) await udp.send(encodeEvent(event(`udp.${i}`)))
      const res = await fetch(`${base}/api/events`, { method: 'POST', body: encodeBatch([event('http.0')]), headers: { 'content-type': 'application/msgpack' } })
      assert.equal(res.status, 200)
      const accepted = await eventually(async () => {
        const text = await metricsOf(base)
        return sample(text, 'upto_events_received_total', { transport: 'udp' }) === 1_000 ? sample(text, 'upto_events_accepted_total') : undefined
      })
      assert.equal(await collector.stop('SIGTERM'), 0)
      assert.match(collector.log(), /SIGTERM: flushing and closing[\s\S]*info stopped[\s\S]*closed/)
      const stored = await storedNames(data)
      assert.equal(stored.size, accepted)
    } finally {
      udp.close()
      await stream.body?.cancel().catch(() => {})
    }
  })

  test('takes a bounded time even when the store never answers: each step is given up on after its timeout', async () => {
    const store = createSpyStore(createMemoryStore())
    store.hold() // every append waits forever
    const lines: string[] = []
    const collector = await startCollector({ store, port: 0, closeTimeout: 200, log: (l) => lines.push(l) })
    const udp = udpClient(collector.udpPort)
    try {
      await udp.send('mark stuck step')
      await store.started(1)
      const pending = fetch(`http://127.0.0.1:${collector.httpPort}/api/events`, { method: 'POST', body: '{"type":"mark","context":"stuck","name":"x"}' })
      await eventually(async () => ((await metricsOf(`http://127.0.0.1:${collector.httpPort}`)).includes('transport="http"} 1') ? true : undefined))
      await collector.close()
      assert.match(lines.join('\n'), /warn writing the queue took over 200 ms; going on without it/)
      assert.match(lines.join('\n'), /info stopped$/)
      await pending.catch(() => {})
    } finally {
      udp.close()
    }
  })
})
