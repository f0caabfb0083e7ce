import assert from 'node:assert/strict'
import { test } from 'node:test'
import { renderTerminalGantt } from '../../src/facets/timelines/terminal-gantt.ts'
import { T0, implied, makeTimeline, span } from '../render/make-timeline.ts'

// checkout 0–10 s, wait 5 s, test 15–80 s (unit 15–80, lint 15–40), wait 10 s, publish 90–100 s.
// Critical: checkout 10 + unit 65 + publish 10 = 85 s; waiting 5 + 10 = 15 s; total 100 s.
const timeline = makeTimeline([
  span('checkout', [0, 10_000]),
  implied('test', 15_000, 80_000),
  span('test.unit', [15_000, 80_000]),
  span('test.lint', [15_000, 40_000]),
  span('publish', [90_000, 100_000]),
])
const draw = (critical?: boolean) =>
  renderTerminalGantt(timeline, { width: 80, now: T0 + 200_000, color: false, ...(critical === undefined ? {} : { critical }) })

test('marks the rows on the critical path with * between name and bars', () => {
  const lines = draw(true)
  const marked = lines.slice(1, 6).map((line) => [line.slice(0, 9).trim(), line[9]])
  assert.deepEqual(marked, [['checkout', '*'], ['test', '*'], ['unit', '*'], ['lint', ' '], ['publish', '*']])
})

test('adds a row of the waiting, drawn where no step ran, with its sum', () => {
  const waiting = draw(true)[6]!
  assert.match(waiting, /^\(waiting\) +░+ +░+ +15\.0s 2 gaps$/)
})

test('sums it up under the axis: steps on the path + waiting = total', () => {
  const lines = draw(true)
  assert.equal(lines.find((line) => line.startsWith('critical path')), 'critical path 1m25s + waiting 15.0s (2 gaps) = 1m40s   * on the path')
  assert.match(lines[lines.indexOf(lines.find((line) => line.startsWith('critical path'))!) - 1]!, /^ +0s /, 'right under the axis')
})

test('draws nothing of it unless asked', () => {
  assert.ok(draw().every((line) => !line.includes('waiting') && !line.includes('*')))
  assert.equal(draw().length, draw(true).length - 2)
})
