// --retain: old timelines are removed in the background, a few at a time between two appends, so ingest
// goes on meanwhile and a removed timeline is never written to from a stale cache.

import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { run } from '../../src/program.ts'
import { parseDuration } from '../../src/core/duration.ts'
import type { Incoming, Millis } from '../../src/core/types.ts'
import { createIngest } from '../../src/pipeline/ingest.ts'
import { createMetrics } from '../../src/pipeline/metrics.ts'
import { startCollector } from '../../src/server/collector.ts'
import { createLogger } from '../../src/pipeline/log.ts'
import { startRetention } from '../../src/pipeline/retention.ts'
import { createMemoryStore } from '../../src/store/memory.ts'
import type { Store } from '../../src/store/types.ts'
import { captureIo } from '../helpers/cli-io.ts'
import { eventually } from '../server/udp-client.ts'

const quiet = createLogger({ sink: () => {} })

const day = 86_400_000
const t0 = Date.UTC(2026, 0, 1)

/** A store that writes down, in order, each append and each removal (which takes a turn of the event loop, as on disk). */
function journaled(inner: Store = createMemoryStore()): Store & { journal: string[] } {
  const journal: string[] = []
  return {
    ...inner,
    journal,
    async append(messages, created, options) {
      journal.push('append')
      await inner.append(messages, created, options)
    },
    async deleteTimelinesBefore(cutoff, limit) {
      journal.push('delete')
      // as a store on disk: the answer comes in a later turn of the event loop
      await new Promise((resolve) => setImmediate(resolve))
      return inner.deleteTimelinesBefore(cutoff, limit)
    },
  }
}

const mark = (context: string, timeline: string, name = 'm'): Incoming => ({ kind: 'mark', context, name, host: '', timeline })

/** `n` timelines of `context`, one a day from t0, each with one message; the clock is then set by the caller. */
async function seed(store: Store, context: string, n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    await store.append(
      [{ ...mark(context, `run-${i}`), timeline: `run-${i}`, time: t0 + i * day, received: t0 + i * day }],
      [{ context, id: `run-${i}`, created: t0 + i * day }],
    )
  }
}

describe('retention', () => {
  test('removes every timeline created before now − retain but the newest of each context, and says so', async () => {
    const store = createMemoryStore()
    await seed(store, 'build', 10)
    await seed(store, 'lonely', 1)
    const lines: string[] = []
    const ingest = createIngest({ log: quiet, store, metrics: createMetrics() })
    const retention = startRetention({
      store, ingest, retainMs: 3 * day, now: () => t0 + 9 * day + 1, log: createLogger({ sink: (l) => lines.push(l) }), step: 4,
    })
    // created before t0 + 6 d + 1 ms: run-0 … run-6
    assert.equal(await retention.sweep(), 7)
    await retention.stop()
    assert.deepEqual((await store.timelines('build')).items.map((t) => t.id), ['run-9', 'run-8', 'run-7'])
    assert.equal((await store.timelines('lonely')).items.length, 1, 'a context keeps its newest timeline, however old')
    assert.ok(lines.some((l) => /info retention: removed 7 timelines created before 2026-01-07T00:00:00\.001Z/.test(l)), lines.join('\n'))
    await ingest.close()
  })

  test('runs a few timelines at a time between appends: ingest goes on while it sweeps', async () => {
    const store = journaled()
    await seed(store, 'big', 60)
    store.journal.length = 0
    const metrics = createMetrics()
    const ingest = createIngest({ log: quiet, store, metrics, commitInterval: 0 })
    let pushing = true
    let pushed = 0
    const pusher = (async () => {
      while (pushing) {
        ingest.push([mark('live', 'now', `e${pushed++}`)])
        await new Promise((resolve) => setImmediate(resolve))
      }
    })()
    const retention = startRetention({ store, ingest, retainMs: day, now: () => t0 + 60 * day, log: createLogger({ sink: () => {} }), step: 5 })
    await eventually(async () => ((await store.timelines('big')).items.length === 1 ? true : undefined))
    pushing = false
    await pusher
    await retention.stop()
    await ingest.drain()
    const deletes = store.journal.flatMap((entry, i) => (entry === 'delete' ? [i] : []))
    const between = store.journal.slice(deletes[0], deletes[deletes.length - 1]).filter((e) => e === 'append').length
    assert.ok(deletes.length >= 12, `${deletes.length} steps`)
    assert.ok(between > 0, `appends between the first and the last step: ${store.journal.join(' ')}`)
    assert.equal((await store.messages('live', 'now')).length, pushed)
    await ingest.close()
  })

  test('a removed timeline named again is made anew: nothing is written into what was removed', async () => {
    const store = createMemoryStore()
    let clock: Millis = t0
    const ingest = createIngest({ log: quiet, store, metrics: createMetrics(), now: () => clock })
    await ingest.submit([mark('ci', 'old', 'first')])
    clock = t0 + 10 * day
    await ingest.submit([mark('ci', 'new')])
    const retention = startRetention({ store, ingest, retainMs: day, now: () => clock, log: createLogger({ sink: () => {} }) })
    assert.equal(await retention.sweep(), 1)
    await retention.stop()
    await ingest.submit([mark('ci', 'old', 'again')])
    assert.deepEqual((await store.messages('ci', 'old')).map((m) => m.name), ['again'])
    assert.equal((await store.timeline('ci', 'old'))?.created, t0 + 10 * day)
    await ingest.close()
  })

  test('the collector sweeps at start with --retain, and stops it on close', async () => {
    const store = createMemoryStore()
    await seed(store, 'deploy', 5)
    const lines: string[] = []
    const collector = await startCollector({ store, port: 0, retainMs: 2 * day, now: () => t0 + 4 * day + 1, log: (l) => lines.push(l) })
    try {
      await eventually(async () => ((await store.timelines('deploy')).items.length === 2 ? true : undefined))
      assert.match(lines.join('\n'), /info retention: timelines created more than 2d00h ago are removed in the background/)
    } finally {
      await collector.close()
    }
  })

  test('durations read like 30d, 12h, 90m, 2w or 1d12h', () => {
    assert.equal(parseDuration('30d'), 30 * day)
    assert.equal(parseDuration('12h'), 12 * 3_600_000)
    assert.equal(parseDuration('90m'), 90 * 60_000)
    assert.equal(parseDuration('2w'), 14 * day)
    assert.equal(parseDuration('1d12h'), 36 * 3_600_000)
    assert.equal(parseDuration('1.5d'), 36 * 3_600_000)
    for (const bad of ['', '30', 'd', '30x', '-1d', '0d', '30 d', 'forever']) assert.equal(parseDuration(bad), undefined, bad)
  })

  test('upto serve refuses a --retain it cannot read, saying what it expected', async () => {
    const io = captureIo(['serve', '--retain', '30x', '--port', '1'])
    assert.equal(await run(io), 2)
    assert.match(io.stderr, /invalid --retain "30x": expected a duration like 30d, 12h or 2w/)
  })
})
