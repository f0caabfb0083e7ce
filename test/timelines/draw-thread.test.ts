// Big charts drawn on the drawing thread: the same bytes as drawn on the collector's thread, stale limits
// learned from earlier runs through the thread's questions, and the collector's thread as the fallback.

import assert from 'node:assert/strict'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { Hono } from 'hono'
import type { Stored } from '../../src/core/types.ts'
import { type DrawThread, createDrawThread } from '../../src/facets/timelines/draw/draw-thread.ts'
import { addGanttRoute } from '../../src/facets/timelines/gantt-route.ts'
import { type Logger, createLogger } from '../../src/pipeline/log.ts'
import { openLevelStore } from '../../src/store/level.ts'
import { BIG_T0, bigTimelineMessages } from './big-timeline.ts'
import { startCollectorProcess } from '../helpers/collector-process.ts'

type LevelStore = Awaited<ReturnType<typeof openLevelStore>>

const NOW = BIG_T0 + 30_000_000

function appOf(store: LevelStore, drawThread?: DrawThread): Hono {
  const app = new Hono()
  addGanttRoute(app, { store, now: () => NOW, ...(drawThread === undefined ? {} : { drawThread }) })
  return app
}

async function bodyOf(app: Hono, path: string): Promise<string> {
  const res = await app.request(path)
  assert.equal(res.status, 200, path)
  return res.text()
}

function logged(): { log: Logger; lines: string[] } {
  const lines: string[] = []
  return { log: createLogger({ sink: (line) => lines.push(line) }), lines }
}

describe('the drawing thread', () => {
  let dir: string
  let store: LevelStore
  const big = bigTimelineMessages(2, 10, 1_100)

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'upto-draw-thread-'))
    store = await openLevelStore(dir)
    for (let i = 0; i < big.length; i += 5_000) {
      const batch = big.slice(i, i + 5_000)
      await store.append(batch, i === 0 ? [{ context: 'big', id: 't1', created: BIG_T0 }] : [])
    }
  })

  after(async () => {
    await store.close()
    await rm(dir, { recursive: true, force: true })
  })

  test('the built collector (bin/upto serve) starts its thread from dist/ and draws there', async () => {
    const own = await mkdtemp(join(tmpdir(), 'upto-draw-built-'))
    const written = await openLevelStore(own)
    await written.append(big, [{ context: 'big', id: 't1', created: BIG_T0 }])
    await written.close()
    const collector = await startCollectorProcess(own)
    try {
      const res = await fetch(`http://127.0.0.1:${collector.port}/c/big/t1.svg`)
      const svg = await res.text()
      assert.equal(res.status, 200)
      assert.ok(svg.length > 1_000_000 && svg.trimEnd().endsWith('</svg>'), `${svg.length} characters: ${svg.slice(-200)}`)
      // a big chart is tried on the thread; one that does not start says so
      assert.doesNotMatch(collector.log(), /drawing thread/)
    } finally {
      await collector.stop()
      await rm(own, { recursive: true, force: true })
    }
  })

  test('draws a big page, its chart and its SVG byte for byte as the collector’s thread does', async () => {
    const records = await store.packedMessages('big', 't1')
    const bytes = records.reduce((n, r) => n + r.byteLength, 0)
    const thread = createDrawThread({ store })
    try {
      assert.ok(thread.takes(bytes), `${big.length} messages are ${bytes} bytes packed: drawn on the thread by default`)
      const here = appOf(store)
      const there = appOf(store, thread)
      for (const path of ['/gantt/big/t1', '/gantt/big/t1?part=chart', '/gantt/big/t1?format=svg']) {
        const expected = await bodyOf(here, path)
        assert.ok(expected.length > 1_000_000, `${path}: ${expected.length} characters`)
        assert.equal(await bodyOf(there, path), expected, path)
      }
      assert.equal(thread.drawn, 3)
    } finally {
      await thread.close()
    }
  })

  test('learns stale limits from earlier runs by asking the collector’s store', async () => {
    // three runs in which build took 10 s, then one where it has been open for 5 minutes: stale at 60 s
    const run = (id: string, start: number, ends: boolean): Stored[] => {
      const base = { context: 'ci', timeline: id, name: 'build', host: 'h' }
      return [
        { ...base, kind: 'start', time: start, received: start },
        ...(ends ? [{ ...base, kind: 'end' as const, time: start + 10_000, received: start + 10_000 }] : []),
        { ...base, name: 'lint', kind: 'mark', time: start + 1, received: start + 1 },
      ]
    }
    const starts = [0, 1, 2, 3].map((i) => NOW - 3_600_000 + i * 600_000) // the last: 30 minutes ago
    for (const [i, start] of starts.entries()) {
      await store.append(run(`r${i}`, start, i < 3), [{ context: 'ci', id: `r${i}`, created: start }])
    }
    const thread = createDrawThread({ store, fromBytes: 0 })
    try {
      const page = await bodyOf(appOf(store, thread), '/gantt/ci/r3?part=chart')
      assert.equal(thread.drawn, 1)
      assert.equal(page, await bodyOf(appOf(store), '/gantt/ci/r3?part=chart'))
      // open 30 minutes: stale by the learned limit (60 s); by the default (an hour) it would still be running
      assert.match(page, /<p class="summary">[^\n]*<span class="status-abandoned">stale<\/span>/)
    } finally {
      await thread.close()
    }
  })

  test('where the thread cannot start, says so once and draws on the collector’s thread', async () => {
    const { log, lines } = logged()
    const thread = createDrawThread({ store, log, fromBytes: 0, file: new URL('./no-such-thread.js', import.meta.url) })
    try {
      const app = appOf(store, thread)
      const expected = await bodyOf(appOf(store), '/gantt/big/t1?format=svg')
      assert.equal(await bodyOf(app, '/gantt/big/t1?format=svg'), expected)
      assert.equal(await bodyOf(app, '/gantt/big/t1?format=svg'), expected)
      assert.equal(thread.drawn, 0)
      assert.equal(lines.filter((l) => l.includes('drawing thread did not start')).length, 1, lines.join('\n'))
      assert.equal(thread.takes(1e9), false)
    } finally {
      await thread.close()
    }
  })

  test('a client that goes away mid-chart stops its drawing; the next chart is drawn whole', async () => {
    const thread = createDrawThread({ store })
    try {
      const app = appOf(store, thread)
      const res = await app.request('/gantt/big/t1?format=svg')
      const reader = res.body!.getReader()
      await reader.read()
      await reader.cancel()
      const expected = await bodyOf(appOf(store), '/gantt/big/t1?format=svg')
      assert.equal(await bodyOf(app, '/gantt/big/t1?format=svg'), expected)
      assert.equal(thread.drawn, 2)
    } finally {
      await thread.close()
    }
  })
})
