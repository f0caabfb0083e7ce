import assert from 'node:assert/strict'
import { test } from 'node:test'
import { renderGanttSvg } from '../../src/facets/timelines/web-gantt-svg.ts'
import { T0, implied, makeTimeline, span } from '../render/make-timeline.ts'

test('the web chart marks the rows on the critical path with data-critical, and no other row', () => {
  // build 0–30, then unit 30–80 and lint 30–50: the path is build, test (implied), unit.
  const timeline = makeTimeline([
    span('build', [0, 30]),
    implied('test', 30, 80),
    span('test.unit', [30, 80]),
    span('test.lint', [30, 50]),
  ])
  const svg = renderGanttSvg(timeline, { now: T0 + 100 })
  const rows = [...svg.matchAll(/<g class="row[^"]*" data-name="([^"]+)"([^>]*)>/g)].map((m) => [m[1], m[2]!.includes('data-critical')])
  assert.deepEqual(rows, [['build', true], ['test', true], ['test.unit', true], ['test.lint', false]])
  assert.ok(svg.includes('.row[data-critical] .bar'), 'with its style')
})
