import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { timelineIdCandidate } from '../../src/core/placement.ts'
import type { Incoming } from '../../src/core/types.ts'
import { IngestClosedError, createIngest } from '../../src/pipeline/ingest.ts'
import { createMetrics } from '../../src/pipeline/metrics.ts'
import { createLogger } from '../../src/pipeline/log.ts'
import { createSpyStore } from './spy-store.ts'

const t0 = Date.UTC(2026, 10, 22, 17, 25, 36, 123)

function setup(options: { maxBatch?: number } = {}) {
  const store = createSpyStore()
  const metrics = createMetrics()
  const lines: string[] = []
  let clock = t0
  const ingest = createIngest({
    store,
    metrics,
    now: () => clock,
    log: createLogger({ sink: (l) => lines.push(l), now: () => clock }),
    ...options,
  })
  return { store, metrics, ingest, lines, tick: (ms: number) => (clock += ms) }
}

const start = (name: string, extra: Partial<Incoming> = {}): Incoming =>
  ({ kind: 'start', context: 'build', name, host: 'ci', time: t0 - 1_000, ...extra })

describe('group commit', () => {
  test('many pushes in one turn of the event loop become one append', async () => {
    const { store, ingest, metrics } = setup()
    for (let i = 0; i < 1_000; i++) ingest.push([start(`step${i}`)])
    await ingest.drain()
    assert.equal(store.appends.length, 1)
    assert.equal(store.appends[0]!.messages.length, 1_000)
    assert.equal(metrics.snapshot().stored, 1_000)
    assert.equal(metrics.snapshot().batches, 1)
  })

  test('events that arrive while an append runs gather into the next batch', async () => {
    const { store, ingest } = setup()
    const release = store.hold()
    ingest.push([start('first')])
    await store.started(1)
    for (let i = 0; i < 100; i++) ingest.push([start(`later${i}`)])
    release()
    await ingest.drain()
    assert.deepEqual(store.appends.map((a) => a.messages.length), [1, 100])
  })

  test('a batch holds at most maxBatch events, in whole chunks, in arrival order', async () => {
    const { store, ingest } = setup({ maxBatch: 7 })
    for (let i = 0; i < 10; i++) ingest.push([start(`a${i}`), start(`b${i}`), start(`c${i}`)])
    await ingest.drain()
    assert.deepEqual(store.appends.map((a) => a.messages.length), [6, 6, 6, 6, 6])
    const names = store.appends.flatMap((a) => a.messages.map((m) => m.name))
    assert.deepEqual(names.slice(0, 4), ['a0', 'b0', 'c0', 'a1'])
  })

  test('the queue length is visible to the metrics until the batch is taken', async () => {
    const { ingest, metrics } = setup()
    ingest.push([start('a'), start('b')])
    assert.equal(metrics.snapshot().queueLength, 2)
    await ingest.drain()
    assert.equal(metrics.snapshot().queueLength, 0)
  })
})

describe('submit', () => {
  test('resolves only after the store appended its events', async () => {
    const { store, ingest } = setup()
    const release = store.hold()
    let done = false
    const submitted = ingest.submit([start('deploy')]).then(() => (done = true))
    await store.started(1)
    await new Promise((r) => setImmediate(r))
    assert.equal(done, false)
    release()
    await submitted
    assert.equal(done, true)
    assert.equal((await store.messages('build', store.appends[0]!.messages[0]!.timeline)).length, 1)
  })

  test('a failing store rejects the submitters of that batch, and the next batch is stored', async () => {
    const { store, ingest, metrics, lines } = setup()
    store.failNext(1, 'disk full')
    await assert.rejects(ingest.submit([start('a')]), /disk full/)
    await ingest.submit([start('b')])
    assert.equal(store.appends.length, 1)
    assert.equal(metrics.snapshot().failedBatches, 1)
    assert.equal(metrics.snapshot().failedEvents, 1)
    assert.match(lines.join('\n'), /error could not store a batch of 1 events: disk full/)
  })

  test('a timeline created by a failed batch is forgotten: the next event creates its own', async () => {
    const { store, ingest, tick } = setup()
    store.failNext(1, 'disk full')
    await assert.rejects(ingest.submit([start('a')]))
    tick(5)
    await ingest.submit([start('b')])
    const [stored] = store.appends
    assert.equal(stored!.created.length, 1)
    assert.equal(stored!.messages[0]!.timeline, stored!.created[0]!.id)
    assert.equal(stored!.created[0]!.id, timelineIdCandidate(t0 + 5, 1))
  })

  test('an empty submit resolves at once', async () => {
    const { store, ingest } = setup()
    await ingest.submit([])
    assert.equal(store.appends.length, 0)
  })
})

describe('close', () => {
  test('writes everything queued before it resolves', async () => {
    const { store, ingest } = setup({ maxBatch: 10 })
    for (let i = 0; i < 55; i++) ingest.push([start(`s${i}`)])
    await ingest.close()
    assert.equal(store.appends.reduce((n, a) => n + a.messages.length, 0), 55)
  })

  test('ignores later pushes and refuses later submits', async () => {
    const { store, ingest } = setup()
    await ingest.close()
    ingest.push([start('late')])
    await assert.rejects(ingest.submit([start('later')]), IngestClosedError)
    await ingest.drain()
    assert.equal(store.appends.length, 0)
  })
})

describe('placing and stamping', () => {
  test('stamps the receive time, and uses it as the time of a new or of an event without one', async () => {
    const { store, ingest, tick } = setup()
    ingest.push([{ kind: 'new', context: 'build', name: '', host: '', time: 0 }])
    tick(10)
    ingest.push([{ kind: 'start', context: 'build', name: 'compile', host: '' }, start('test')])
    await ingest.drain()
    const messages = store.appends.flatMap((a) => a.messages)
    assert.deepEqual(messages.map((m) => [m.kind, m.time, m.received]), [
      ['new', t0, t0],
      ['start', t0 + 10, t0 + 10],
      ['start', t0 - 1_000, t0 + 10],
    ])
    const id = timelineIdCandidate(t0, 1)
    assert.deepEqual(messages.map((m) => m.timeline), [id, id, id])
    assert.deepEqual(store.appends.flatMap((a) => a.created), [{ context: 'build', id, created: t0 }])
  })

  test('an event naming no timeline joins the newest one already in the store', async () => {
    const { store, ingest } = setup()
    await store.append([], [{ context: 'build', id: '41', created: t0 - 9_000 }, { context: 'build', id: '42', created: t0 - 5_000 }])
    ingest.push([start('compile')])
    await ingest.drain()
    assert.equal(store.appends[1]!.messages[0]!.timeline, '42')
    assert.deepEqual(store.appends[1]!.created, [])
  })

  test('an event naming an older timeline in the store joins it without creating it again', async () => {
    const { store, ingest } = setup()
    await store.append([], [{ context: 'build', id: '41', created: t0 - 9_000 }, { context: 'build', id: '42', created: t0 - 5_000 }])
    ingest.push([start('compile', { timeline: '41' }), start('link')])
    await ingest.drain()
    assert.deepEqual(store.appends[1]!.messages.map((m) => m.timeline), ['41', '42'])
    assert.deepEqual(store.appends[1]!.created, [])
  })

  test('an event naming an unknown timeline creates it, and later events join it', async () => {
    const { store, ingest } = setup()
    ingest.push([start('compile', { timeline: '1234' }), start('link'), { kind: 'new', context: 'deploy', name: '', host: '', timeline: 'v2' }])
    await ingest.drain()
    assert.deepEqual(store.appends[0]!.messages.map((m) => m.timeline), ['1234', '1234', 'v2'])
    assert.deepEqual(store.appends[0]!.created.map((t) => `${t.context}/${t.id}`), ['build/1234', 'deploy/v2'])
    assert.equal((await store.newest('build'))?.id, '1234')
  })

  test('a fresh id already taken in the store gets a suffix', async () => {
    const { store, ingest } = setup()
    const taken = timelineIdCandidate(t0, 1)
    await store.append([], [{ context: 'build', id: taken, created: t0 - 60_000 }, { context: 'build', id: 'z', created: t0 - 1 }])
    ingest.push([{ kind: 'new', context: 'build', name: '', host: '' }])
    await ingest.drain()
    assert.equal(store.appends[1]!.created[0]!.id, timelineIdCandidate(t0, 2))
  })

  test('two news in one batch make two timelines, the second the newest', async () => {
    const { store, ingest } = setup()
    const fresh = { kind: 'new' as const, context: 'build', name: '', host: '' }
    ingest.push([fresh])
    ingest.push([fresh, start('after')])
    await ingest.drain()
    const ids = [timelineIdCandidate(t0, 1), timelineIdCandidate(t0, 2)]
    assert.deepEqual(store.appends[0]!.messages.map((m) => m.timeline), [ids[0], ids[1], ids[1]])
    assert.equal((await store.newest('build'))?.id, ids[1])
  })
})

describe('pushes of one millisecond', () => {
  test('join one chunk yet keep their order, their receive time and the arrays they came in', async () => {
    const { store, ingest, tick } = setup()
    const first = [start('a')]
    ingest.push(first)
    ingest.push([start('b'), start('c')])
    tick(1)
    ingest.push([start('d')])
    ingest.push([start('e')], t0 + 5)
    await ingest.drain()
    const messages = store.appends.flatMap((a) => a.messages)
    assert.deepEqual(messages.map((m) => [m.name, m.received]), [['a', t0], ['b', t0], ['c', t0], ['d', t0 + 1], ['e', t0 + 5]])
    assert.deepEqual(first.map((e) => e.name), ['a'], 'a pushed array is not added to')
  })

  test('never grow a chunk past maxBatch', async () => {
    const { store, ingest } = setup({ maxBatch: 4 })
    for (let i = 0; i < 10; i++) ingest.push([start(`s${i}`)])
    await ingest.drain()
    assert.deepEqual(store.appends.map((a) => a.messages.length), [4, 4, 2])
  })
})

describe('placing a batch', () => {
  test('places each event as it would be placed alone, whatever came before it in the batch', async () => {
    const events: Incoming[] = [
      start('a'), start('b'), start('c', { timeline: 't1' }), start('d', { timeline: 't1' }), start('e'),
      { kind: 'new', context: 'build', name: '', host: '' }, start('f'), start('g', { timeline: 't1' }),
      start('h', { context: 'other' }), start('i'), { kind: 'new', context: 'build', name: '', host: '', timeline: 't1' },
      start('j', { timeline: 't2' }), start('k'), start('l', { timeline: 't2' }),
    ]
    const together = setup()
    together.ingest.push(events)
    await together.ingest.drain()
    const alone = setup()
    for (const event of events) {
      alone.ingest.push([event])
      await alone.ingest.drain()
    }
    const placed = (s: typeof together) => s.store.appends.flatMap((a) => a.messages.map((m) => `${m.name}@${m.context}/${m.timeline}`))
    assert.equal(together.store.appends.length, 1)
    assert.deepEqual(placed(together), placed(alone))
    assert.deepEqual(together.store.appends[0]!.created, alone.store.appends.flatMap((a) => a.created))
  })
})
