// "Running" you can trust: a step with no end for longer than the stale limit is stale, not running — in the
// model, the summaries, the chart's axis, the terminal and the lists.

import assert from 'node:assert/strict'
import { test } from 'node:test'
import { layoutGantt } from '../../src/core/layout.ts'
import { markStale } from '../../src/core/stale.ts'
import { outcomeNote, summarize } from '../../src/core/summary.ts'
import { buildTimeline } from '../../src/core/timeline.ts'
import { renderTerminalGantt } from '../../src/facets/timelines/terminal-gantt.ts'
import { info, msg } from './messages.ts'

const T = Date.UTC(2026, 11, 2, 12, 3, 0)
const min = 60_000
// deploy.build finished; deploy.migrate started at 12:03 and its end never came
const messages = [msg('start', 'deploy.build', T - 5 * min), msg('end', 'deploy.build', T - min), msg('start', 'deploy.migrate', T)]
const timeline = buildTimeline(info, messages)

test('within the limit a step with no end is running; past it, stale, and so is the ancestor it leaves open', () => {
  assert.equal(markStale(timeline, T + 30 * min), timeline, 'half an hour: still running, nothing changed')
  const stale = markStale(timeline, T + 61 * min)
  assert.equal(stale.running, false)
  const migrate = stale.rows.find((r) => r.name === 'deploy.migrate')!
  assert.deepEqual([migrate.status, migrate.attempts[0]!.state, migrate.end], ['stale', 'stale', undefined])
  const deploy = stale.rows.find((r) => r.name === 'deploy')!
  assert.deepEqual([deploy.kind, deploy.status, deploy.end], ['implied', 'stale', T])
  assert.equal(markStale(timeline, T + 11 * min, 10 * min).running, false, 'a limit of its own')
})

test('a run is running while it has an open step that is not stale; a failure wins over a stale step', () => {
  const more = buildTimeline(info, [...messages, msg('start', 'deploy.smoke', T + 70 * min)])
  const stale = markStale(more, T + 75 * min)
  assert.equal(stale.running, true)
  assert.equal(stale.rows.find((r) => r.name === 'deploy')!.status, 'running')
  const failed = buildTimeline(info, [...messages, msg('start', 'check', T - min), msg('end', 'check', T - 30_000, { status: 'error' })])
  assert.equal(summarize(markStale(failed, T + 2 * 60 * min), T + 2 * 60 * min).status, 'error')
})

test('summaries say which step and since when; the axis ends at the last thing known, not now', () => {
  const now = T + 6 * 60 * min
  const stale = markStale(timeline, now)
  const summary = summarize(stale, now)
  assert.equal(summary.status, 'stale')
  assert.equal(summary.running, false)
  assert.deepEqual(summary.stale, { name: 'deploy.migrate', since: T })
  assert.equal(summary.duration, 5 * min, 'to the last thing known, not to now')
  assert.equal(outcomeNote(summary, now), 'deploy.migrate: no end since 12:03 UTC, 6h ago')
  assert.equal(outcomeNote(summary), '', 'without a clock, nothing to say of it')
  const layout = layoutGantt(stale, { width: 100, now })
  assert.equal(layout.end, T)
  const bar = layout.rows.find((r) => r.name === 'deploy.migrate')!.bars[0]!
  assert.deepEqual([bar.state, bar.tone], ['stale', 'abandoned'])
})

test('the terminal draws it clipped with a marker, names it in the legend and the header, and needs no colour', () => {
  const now = T + 6 * 60 * min
  const lines = renderTerminalGantt(markStale(timeline, now), { width: 100, now, color: false })
  const text = lines.join('\n')
  assert.match(text, /deploy\.migrate: no end since 12:03 UTC, 6h ago/)
  const row = lines.find((l) => l.startsWith('  migrate'))!
  assert.match(row, /» +no end stale$/)
  assert.match(text, /┄» no end within the stale limit/)
})

test('over HTTP: the API, the lists and the chart say stale after the collector\'s --stale, not running', async () => {
  const { startCollector } = await import('../../src/server/collector.ts')
  const { createMemoryStore } = await import('../../src/store/memory.ts')
  let clock = T
  const collector = await startCollector({ store: createMemoryStore(), port: 0, log: () => {}, now: () => clock, staleMs: 10 * min })
  try {
    const base = `http://127.0.0.1:${collector.httpPort}`
    const post = await fetch(`${base}/api/events`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify([{ type: 'start', context: 'deploy', timeline: 'r1', name: 'db.migrate', time: T }]),
    })
    assert.equal(post.status, 200)
    const status = async () => ((await (await fetch(`${base}/api/contexts/deploy`)).json()) as any).timelines[0].status
    assert.equal(await status(), 'running')
    clock = T + 11 * min
    assert.equal(await status(), 'stale')
    const rows = ((await (await fetch(`${base}/api/contexts/deploy/r1`)).json()) as any).Events
    assert.deepEqual(rows.map((r: any) => [r.Name, r.status]), [['db', 'stale'], ['db.migrate', 'stale']])
    assert.match(await (await fetch(`${base}/`)).text(), /db\.migrate: no end since 12:03 UTC, 11m ago/)
    assert.match(await (await fetch(`${base}/c/deploy/r1?format=text`)).text(), /no end since 12:03 UTC/)
  } finally {
    await collector.close()
  }
})

test('in turns it is the same timeline, with pauses between the rows of a big one', async () => {
  const { markStaleInTurns } = await import('../../src/core/stale.ts')
  const many = [msg('start', 'deploy', T), ...Array.from({ length: 12_000 }, (_, i) => msg('start', `deploy.step${i}`, T + i))]
  const big = buildTimeline(info, many)
  let pauses = 0
  const turned = await markStaleInTurns(big, T + 2 * 60 * min, 60 * min, () => {
    pauses++
    return Promise.resolve()
  })
  assert.deepEqual(turned, markStale(big, T + 2 * 60 * min, 60 * min))
  assert.equal(turned.running, false)
  assert.ok(pauses >= 4, `paused ${pauses} times over 12,001 rows, twice`)
})
