import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { layoutGantt } from '../../src/core/layout.ts'
import { formatOffset, makeTicks, niceInterval } from '../../src/core/ticks.ts'
import { T0, implied, makeTimeline, mark, orphan, span } from '../render/make-timeline.ts'

const tenSeconds = () =>
  makeTimeline([implied('deploy', 0, 10_000), span('deploy.db', [2_000, 5_000]), span('deploy.web', [0, 10_000])])

describe('layoutGantt', () => {
  test('a 0–10 s timeline at width 100 puts a 2–5 s bar at [20, 50)', () => {
    const layout = layoutGantt(tenSeconds(), { width: 100, now: T0 + 60_000 })
    const db = layout.rows[1]!
    assert.equal(db.bars.length, 1)
    assert.equal(db.bars[0]!.from, 20)
    assert.equal(db.bars[0]!.to, 50)
    assert.equal(db.bars[0]!.start, T0 + 2_000)
    assert.equal(db.bars[0]!.end, T0 + 5_000)
    assert.equal(db.bars[0]!.state, 'done')
    assert.equal(db.bars[0]!.tone, 'ok')
    assert.equal(layout.rows[2]!.bars[0]!.to, 100)
  })

  test('the axis spans first to last of a finished timeline, whatever now is', () => {
    const layout = layoutGantt(tenSeconds(), { width: 100, now: T0 + 60_000 })
    assert.equal(layout.start, T0)
    assert.equal(layout.end, T0 + 10_000)
    assert.equal(layout.span, 10_000)
    assert.equal(layout.durationText, '10.0s')
    assert.equal(layout.status, 'ok')
  })

  test('each row carries its last segment indented by depth, host, kind, status and duration text', () => {
    const t = makeTimeline([implied('deploy', 0, 4_200), span('deploy.db.migrate', [0, 4_200], { host: 'db-1' })])
    const [root, migrate] = layoutGantt(t, { width: 100, now: T0 }).rows
    assert.equal(root!.label, 'deploy')
    assert.equal(root!.kind, 'implied')
    assert.equal(migrate!.label, '    migrate')
    assert.equal(migrate!.segment, 'migrate')
    assert.equal(migrate!.name, 'deploy.db.migrate')
    assert.equal(migrate!.host, 'db-1')
    assert.equal(migrate!.kind, 'span')
    assert.equal(migrate!.status, 'ok')
    assert.equal(migrate!.durationText, '4.20s')
    assert.equal(migrate!.duration, 4_200)
  })

  test('implied ancestors get one bar over their whole span', () => {
    const layout = layoutGantt(tenSeconds(), { width: 100, now: T0 })
    assert.deepEqual(
      layout.rows[0]!.bars.map((b) => [b.from, b.to, b.attempt]),
      [[0, 100, 0]],
    )
  })

  test('a running timeline stretches to now and its running bars end there', () => {
    const t = makeTimeline([span('build', [0, 5_000]), span('test', [[5_000]])])
    const layout = layoutGantt(t, { width: 100, now: T0 + 20_000 })
    assert.equal(layout.end, T0 + 20_000)
    assert.equal(layout.status, 'running')
    const bar = layout.rows[1]!.bars[0]!
    assert.deepEqual([bar.from, bar.to, bar.state, bar.tone], [25, 100, 'running', 'running'])
    assert.equal(bar.end, T0 + 20_000)
    assert.equal(layout.rows[1]!.durationText, '15.0s')
    assert.equal(layout.rows[0]!.bars[0]!.to, 25)
  })

  test('a clock behind the last event does not shrink the axis', () => {
    const t = makeTimeline([span('build', [0, 5_000]), span('test', [[5_000]])])
    const layout = layoutGantt(t, { width: 100, now: T0 + 1_000 })
    assert.equal(layout.end, T0 + 5_000)
    assert.equal(layout.rows[1]!.bars[0]!.from, 100)
    assert.equal(layout.rows[1]!.bars[0]!.to, 100)
  })

  test('a retry gives one bar per attempt, and an abandoned attempt ends where the next begins', () => {
    const t = makeTimeline([span('upload', [[0, 2_000, 'error'], [3_000], [6_000, 10_000]])])
    const row = layoutGantt(t, { width: 100, now: T0 }).rows[0]!
    assert.equal(row.attempts, 3)
    assert.deepEqual(
      row.bars.map((b) => [b.attempt, b.from, b.to, b.state, b.tone]),
      [
        [1, 0, 20, 'done', 'error'],
        [2, 30, 60, 'abandoned', 'abandoned'],
        [3, 60, 100, 'done', 'ok'],
      ],
    )
  })

  test('a mark is a point, with its offset from the start as duration text', () => {
    const t = makeTimeline([span('job', [0, 10_000]), mark('job.checkpoint', 3_000)])
    const row = layoutGantt(t, { width: 100, now: T0 }).rows[1]!
    assert.deepEqual([row.bars[0]!.from, row.bars[0]!.to, row.bars[0]!.point], [30, 30, true])
    assert.equal(row.durationText, '+3.00s')
    assert.equal(row.duration, undefined)
  })

  test('an orphan end is a point at its end time with an unknown duration', () => {
    const t = makeTimeline([span('job', [0, 10_000]), orphan('job.lost', 7_500)])
    const layout = layoutGantt(t, { width: 200, now: T0 })
    const row = layout.rows[1]!
    assert.deepEqual([row.bars[0]!.from, row.bars[0]!.to, row.bars[0]!.point], [150, 150, true])
    assert.equal(row.bars[0]!.state, 'orphan')
    assert.equal(row.tone, 'orphan')
    assert.equal(row.durationText, '?')
    assert.equal(layout.status, 'orphan')
  })

  test('an error anywhere makes the timeline an error and is counted once per event', () => {
    const t = makeTimeline([implied('ci', 0, 4_000, 'error'), span('ci.lint', [0, 1_000]), span('ci.test', [0, 4_000, 'failed'])])
    const layout = layoutGantt(t, { width: 100, now: T0 })
    assert.equal(layout.status, 'error')
    assert.equal(layout.tone, 'error')
    assert.equal(layout.events, 2)
    assert.equal(layout.errors, 1)
  })

  test('an empty timeline has no rows, no duration and a single 0s tick', () => {
    const layout = layoutGantt(makeTimeline([]), { width: 80, now: T0 + 5_000 })
    assert.equal(layout.rows.length, 0)
    assert.equal(layout.status, 'empty')
    assert.equal(layout.durationText, '-')
    assert.deepEqual(layout.ticks, [{ offset: 0, pos: 0, label: '0s' }])
  })

  test('a zero-length timeline puts everything at 0 without dividing by zero', () => {
    const t = makeTimeline([span('flash', [0, 0]), mark('flash.ping', 0)])
    const layout = layoutGantt(t, { width: 80, now: T0 + 5_000 })
    assert.equal(layout.span, 0)
    for (const row of layout.rows) for (const b of row.bars) assert.deepEqual([b.from, b.to], [0, 0])
    assert.equal(layout.rows[0]!.durationText, '0ms')
    assert.deepEqual(layout.ticks.map((t) => t.label), ['0s'])
  })

  test('a single row fills the width', () => {
    const layout = layoutGantt(makeTimeline([span('only', [0, 1_500])]), { width: 60, now: T0 })
    assert.equal(layout.rows.length, 1)
    assert.deepEqual([layout.rows[0]!.bars[0]!.from, layout.rows[0]!.bars[0]!.to], [0, 60])
  })

  test('ticks are nice intervals labelled from the start, at least tickGap apart', () => {
    const layout = layoutGantt(tenSeconds(), { width: 100, now: T0 })
    assert.equal(layout.interval, 1_000)
    assert.deepEqual(layout.ticks.map((t) => t.label), ['0s', '1s', '2s', '3s', '4s', '5s', '6s', '7s', '8s', '9s', '10s'])
    assert.deepEqual(layout.ticks.map((t) => t.pos), [0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100])
    const narrow = layoutGantt(tenSeconds(), { width: 50, now: T0, tickGap: 12 })
    assert.deepEqual(narrow.ticks.map((t) => [t.label, t.pos]), [['0s', 0], ['5s', 25], ['10s', 50]])
  })
})

describe('ticks', () => {
  test('nice intervals are 1, 2, 5 × 10ⁿ ms, then clock steps, then days', () => {
    const cases: [number, number][] = [
      [0.3, 0.5], [3, 5], [20, 20], [120, 200], [700, 1_000], [1_001, 2_000], [12_000, 15_000], [20_000, 30_000],
      [50_000, 60_000], [100_000, 120_000], [40 * 60_000, 3_600_000], [4 * 3_600_000, 6 * 3_600_000],
      [13 * 3_600_000, 86_400_000], [3 * 86_400_000, 5 * 86_400_000],
    ]
    for (const [target, want] of cases) assert.equal(niceInterval(target), want, `target ${target}`)
  })

  test('labels read like durations from the start', () => {
    const cases: [number, string][] = [
      [0, '0s'], [0.5, '0.5ms'], [250, '250ms'], [1_500, '1.5s'], [30_000, '30s'], [60_000, '1m'], [90_000, '1m30s'],
      [7_200_000, '2h'], [5_400_000, '1h30m'], [129_600_000, '1d12h'],
    ]
    for (const [ms, want] of cases) assert.equal(formatOffset(ms), want)
  })

  test('a three-minute axis on 80 columns is ticked every 30 seconds', () => {
    const { interval, ticks } = makeTicks(180_000, 80, 10)
    assert.equal(interval, 30_000)
    assert.deepEqual(ticks.map((t) => t.label), ['0s', '30s', '1m', '1m30s', '2m', '2m30s', '3m'])
  })

  test('sub-millisecond intervals do not leak floating-point noise into labels', () => {
    const { ticks } = makeTicks(1, 100, 10)
    assert.deepEqual(ticks.map((t) => t.label).slice(0, 4), ['0s', '0.1ms', '0.2ms', '0.3ms'])
  })
})
