import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import type { Stored } from '../../src/core/types.ts'
import { changesOf, createChangeFeed } from '../../src/pipeline/change-feed.ts'
import { startCollector } from '../../src/server/collector.ts'
import { createMemoryStore } from '../../src/store/memory.ts'
import { ev } from '../server/app-fixture.ts'
import { liveFixture, sseReader } from '../server/live-fixture.ts'

function stored(context: string, timeline: string, name = 'step'): Stored {
  return { kind: 'start', context, timeline, name, host: '', time: 1, received: 1 }
}

describe('the change feed', () => {
  test('turns a stored batch into one change per timeline, saying which ones it created', () => {
    const changes = changesOf(
      [stored('deploy', 'd1'), stored('deploy', 'd2'), stored('deploy', 'd1', 'other'), stored('build', 'd1')],
      [{ context: 'deploy', id: 'd2', created: 1 }],
    )
    assert.deepEqual(changes, [
      { context: 'deploy', timeline: 'd1', created: false },
      { context: 'deploy', timeline: 'd2', created: true },
      { context: 'build', timeline: 'd1', created: false },
    ])
  })

  test("tells each subscriber only its context's changes, and all of them to one that names none", () => {
    const feed = createChangeFeed()
    const heard: Record<string, string[]> = { deploy: [], all: [] }
    feed.subscribe('deploy', (cs) => heard.deploy!.push(...cs.map((c) => `${c.context}/${c.timeline}`)))
    feed.subscribe(undefined, (cs) => heard.all!.push(...cs.map((c) => `${c.context}/${c.timeline}`)))
    feed.publish([stored('deploy', 'd1'), stored('build', 'b1')], [])
    assert.deepEqual(heard, { deploy: ['deploy/d1'], all: ['deploy/d1', 'build/b1'] })
  })

  test('keeps telling the others when one subscriber throws, and reports the error', () => {
    const errors: unknown[] = []
    const feed = createChangeFeed((e) => errors.push(e))
    let heard = 0
    feed.subscribe(undefined, () => {
      throw new Error('broken page')
    })
    feed.subscribe(undefined, () => heard++)
    feed.publish([stored('deploy', 'd1')], [])
    assert.equal(heard, 1)
    assert.equal((errors[0] as Error).message, 'broken page')
  })

  test('on close, ends every subscriber and takes no more', () => {
    const feed = createChangeFeed()
    let ended = 0
    const unsubscribe = feed.subscribe(undefined, () => {}, () => ended++)
    feed.subscribe('x', () => {}, () => ended++)
    assert.equal(feed.size, 2)
    feed.close()
    assert.equal(ended, 2)
    assert.equal(feed.size, 0)
    feed.subscribe(undefined, () => {}, () => ended++)
    assert.equal(ended, 3, 'a late subscriber is ended at once')
    assert.equal(feed.size, 0)
    unsubscribe()
  })
})

describe('GET /api/changes', () => {
  test('streams server-sent events: hello, then one change per stored timeline', async () => {
    const f = liveFixture()
    const res = await f.get('/api/changes')
    assert.equal(res.status, 200)
    assert.equal(res.headers.get('content-type'), 'text/event-stream')
    assert.equal(res.headers.get('cache-control'), 'no-cache')
    const events = sseReader(res)
    try {
      assert.deepEqual(await events.next(), { event: 'hello', data: '{"context":null}' })
      await f.post([ev('start', 'deploy', 'build', 0, { timeline: 'd1' })])
      assert.deepEqual(JSON.parse((await events.next())!.data), { context: 'deploy', timeline: 'd1', created: true })
      await f.post([ev('end', 'deploy', 'build', 1_000, { timeline: 'd1' })])
      const second = await events.next()
      assert.equal(second?.event, 'change')
      assert.deepEqual(JSON.parse(second!.data), { context: 'deploy', timeline: 'd1', created: false })
    } finally {
      await events.cancel()
    }
  })

  test('with ?context=, says nothing about other contexts', async () => {
    const f = liveFixture()
    const events = sseReader(await f.get('/api/changes?context=deploy'))
    try {
      assert.deepEqual(await events.next(), { event: 'hello', data: '{"context":"deploy"}' })
      await f.post([ev('start', 'build', 'compile', 0, { timeline: 'b1' })])
      await f.post([ev('start', 'deploy', 'db', 0, { timeline: 'd1' })])
      assert.deepEqual(JSON.parse((await events.next())!.data), { context: 'deploy', timeline: 'd1', created: true })
    } finally {
      await events.cancel()
    }
  })

  test('stops listening when the client goes away', async () => {
    const f = liveFixture()
    const before = f.feed.size // the collector's own listeners (the lists' summaries)
    const events = sseReader(await f.get('/api/changes'))
    await events.next()
    assert.equal(f.feed.size, before + 1)
    await events.cancel()
    for (let i = 0; i < 50 && f.feed.size > before; i++) await new Promise((resolve) => setTimeout(resolve, 10))
    assert.equal(f.feed.size, before)
  })

  test('ends the stream when the feed closes', async () => {
    const f = liveFixture()
    const events = sseReader(await f.get('/api/changes'))
    await events.next()
    f.feed.close()
    assert.equal(await events.next(), undefined)
  })
})

describe('a collector with a page listening', () => {
  test('closes its event streams on shutdown instead of waiting for them', async () => {
    const lines: string[] = []
    const collector = await startCollector({ port: 0, store: createMemoryStore(), log: (l) => lines.push(l), closeTimeout: 3_000 })
    const base = `http://127.0.0.1:${collector.httpPort}`
    const events = sseReader(await fetch(`${base}/api/changes?context=deploy`))
    assert.equal((await events.next())?.event, 'hello')
    await fetch(`${base}/api/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([{ type: 'start', context: 'deploy', name: 'db', timeline: 'd1' }]),
    })
    assert.deepEqual(JSON.parse((await events.next())!.data), { context: 'deploy', timeline: 'd1', created: true })
    await collector.close()
    assert.equal(await events.next(), undefined, 'the stream ended')
    assert.ok(!lines.some((l) => /took over|going on without it/.test(l)), lines.join('\n'))
    assert.match(lines.join('\n'), /info stopped$/)
  })
})
