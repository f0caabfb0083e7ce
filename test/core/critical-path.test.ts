import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import fc from 'fast-check'
import { criticalPath, idleTimes } from '../../src/core/critical-path.ts'
import type { Timeline } from '../../src/core/types.ts'
import { T0, implied, makeTimeline, mark, orphan, span } from '../render/make-timeline.ts'

/** `name@host from-to` per segment (`name* …` for a step's own time), in ms after T0. */
function path(timeline: Timeline, now?: number) {
  const p = criticalPath(timeline, now === undefined ? {} : { now: T0 + now })
  return {
    segments: p.segments.map((s) => `${s.name}${s.self ? '*' : ''}${s.host ? `@${s.host}` : ''} ${s.from - T0}-${s.to - T0}`),
    gaps: p.gaps.map((g) => `${g.from - T0}-${g.to - T0}`),
    busy: p.busy,
    waiting: p.waiting,
    total: p.total,
    rows: p.rows.map((i) => timeline.rows[i]!.name + (timeline.rows[i]!.host ? `@${timeline.rows[i]!.host}` : '')),
  }
}

describe('the critical path', () => {
  test('of steps one after another is every step, with no waiting', () => {
    const t = makeTimeline([span('a', [0, 10_000]), span('b', [10_000, 30_000]), span('c', [30_000, 60_000])])
    assert.deepEqual(path(t), {
      segments: ['a 0-10000', 'b 10000-30000', 'c 30000-60000'], gaps: [], busy: 60_000, waiting: 0, total: 60_000,
      rows: ['a', 'b', 'c'],
    })
  })

  test('of parallel siblings is the one that ended last', () => {
    const t = makeTimeline([span('lint', [0, 50]), span('unit', [0, 80]), span('e2e', [0, 100])])
    assert.deepEqual(path(t).segments, ['e2e 0-100'])
    assert.deepEqual(path(t).rows, ['e2e'])
  })

  test('goes through the slowest of parallel steps between sequential ones', () => {
    const t = makeTimeline([
      span('checkout', [0, 10]),
      span('lint', [10, 30]), span('unit', [10, 70]), span('e2e', [10, 50]),
      span('build', [70, 90]),
    ])
    assert.deepEqual(path(t).segments, ['checkout 0-10', 'unit 10-70', 'build 70-90'])
    assert.equal(path(t).total, 90)
  })

  test('of partly overlapping steps counts the earlier one only until the later one started', () => {
    const t = makeTimeline([span('a', [0, 60]), span('b', [40, 100])])
    assert.deepEqual(path(t).segments, ['a 0-40', 'b 40-100'])
    assert.equal(path(t).busy, 100)
  })

  test('has gaps where no step ran, and steps plus waiting add up to the total', () => {
    const t = makeTimeline([span('a', [0, 10]), span('b', [15, 30]), span('c', [40, 50])])
    // hand: steps 10 + 15 + 10 = 35, waiting (15−10) + (40−30) = 15, total 50
    assert.deepEqual(path(t), {
      segments: ['a 0-10', 'b 15-30', 'c 40-50'], gaps: ['10-15', '30-40'], busy: 35, waiting: 15, total: 50,
      rows: ['a', 'b', 'c'],
    })
  })

  test('tells hosts apart: the slower host of a step decides', () => {
    const t = makeTimeline([
      span('restart', [0, 20], { host: 'web1' }),
      span('restart', [0, 35], { host: 'web2' }),
      span('smoke', [40, 50]),
    ])
    assert.deepEqual(path(t).segments, ['restart@web2 0-35', 'smoke 40-50'])
    assert.deepEqual(path(t).gaps, ['35-40'])
    assert.deepEqual(path(t).rows, ['restart@web2', 'smoke'])
  })

  test('walks into a step with children; the time none of them ran is the step\'s own', () => {
    const t = makeTimeline([
      span('build', [0, 100]),
      span('build.compile', [10, 50]),
      span('build.link', [50, 90]),
      span('test', [20, 60]),
    ])
    assert.deepEqual(path(t).segments, ['build* 0-10', 'build.compile 10-50', 'build.link 50-90', 'build* 90-100'])
    assert.deepEqual(path(t).gaps, [])
    assert.deepEqual(path(t).rows, ['build', 'build.compile', 'build.link'])
  })

  test('looks through implied ancestors: a pause inside one is not waiting while a sibling runs', () => {
    const t = makeTimeline([
      implied('build', 0, 60),
      span('build.compile', [0, 10]),
      span('build.link', [50, 60]),
      span('test', [5, 55]),
    ])
    // link started at 50: test was the step still running then; before test started at 5, compile ran.
    assert.deepEqual(path(t).segments, ['build.compile 0-5', 'test 5-50', 'build.link 50-60'])
    assert.deepEqual(path(t).gaps, [])
    assert.deepEqual(path(t).rows, ['build', 'build.compile', 'build.link', 'test'], 'in display order')
  })

  test('marks the implied ancestors of the steps on it', () => {
    const t = makeTimeline([
      implied('deploy', 0, 55),
      implied('deploy.db', 0, 30),
      span('deploy.db.migrate', [0, 30]),
      span('deploy.web', [10, 40]),
      span('deploy.smoke', [40, 55]),
    ])
    assert.deepEqual(path(t).segments, ['deploy.db.migrate 0-10', 'deploy.web 10-40', 'deploy.smoke 40-55'])
    assert.deepEqual(path(t).rows, ['deploy', 'deploy.db', 'deploy.db.migrate', 'deploy.web', 'deploy.smoke'])
  })

  test('counts a retried step from its first start to its last end', () => {
    const t = makeTimeline([span('unit', [[0, 10, 'error'], [12, 30]]), span('publish', [30, 40])])
    assert.deepEqual(path(t).segments, ['unit 0-30', 'publish 30-40'])
  })

  test('runs a running step until now', () => {
    const t = makeTimeline([span('a', [0, 10]), span('b', [[10]])])
    assert.deepEqual(path(t, 30).segments, ['a 0-10', 'b 10-30'])
    assert.equal(path(t, 30).total, 30)
  })

  test('does not count marks and orphan ends as steps: the time to a last mark is waiting', () => {
    const t = makeTimeline([span('a', [0, 10]), orphan('b', 5), mark('tagged', 20)])
    assert.deepEqual(path(t), { segments: ['a 0-10'], gaps: ['10-20'], busy: 10, waiting: 10, total: 20, rows: ['a'] })
  })

  test('of an empty timeline is empty', () => {
    const t = makeTimeline([])
    assert.deepEqual(path(t), { segments: [], gaps: [], busy: 0, waiting: 0, total: 0, rows: [] })
  })

  test('tiles the timeline for any set of steps, and its gaps are exactly the idle times', () => {
    const step = fc.record({
      name: fc.constantFrom('a', 'b', 'a.x', 'a.y', 'b.x', 'b.x.z'),
      host: fc.constantFrom('', 'h1', 'h2'),
      start: fc.integer({ min: 0, max: 1_000 }),
      length: fc.integer({ min: 0, max: 300 }),
    })
    fc.assert(fc.property(fc.array(step, { minLength: 1, maxLength: 12 }), (steps) => {
      const seen = new Set<string>()
      const rows = steps
        .filter((s) => !seen.has(`${s.name}@${s.host}`) && seen.add(`${s.name}@${s.host}`))
        .map((s) => span(s.name, [s.start, s.start + s.length], { host: s.host }))
      const t = makeTimeline(rows)
      const p = criticalPath(t)
      const pieces = [...p.segments, ...p.gaps].sort((x, y) => x.from - y.from)
      let at = p.start
      for (const piece of pieces) {
        assert.equal(piece.from, at, 'no hole and no overlap')
        assert.ok(piece.to > piece.from, 'no empty piece')
        at = piece.to
      }
      assert.equal(at, p.end)
      assert.equal(p.busy + p.waiting, p.total)
      assert.deepEqual(p.gaps, idleTimes(t))
    }), { numRuns: 300 })
  })
})
