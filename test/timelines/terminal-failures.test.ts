// Failures in plain sight in the terminal: a block after the chart with what failed and why, a legend of the
// marks the chart uses, and a failed attempt that looks failed without colour.

import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import type { Timeline } from '../../src/core/types.ts'
import { renderTerminalGantt } from '../../src/facets/timelines/terminal-gantt.ts'
import { T0, makeTimeline, span } from '../render/make-timeline.ts'

function withAttrs(timeline: Timeline, name: string, attempt: number, attrs: Record<string, string>): Timeline {
  const a = timeline.rows.find((row) => row.name === name)!.attempts[attempt - 1]!
  a.attrs = attrs
  return timeline
}

const ci = () => {
  const t = makeTimeline([
    span('build', [0, 20_000]),
    span('test.unit', [[20_000, 30_000, 'error'], [31_000, 40_000, 'ok']], { host: 'ci-1', message: 'flaky: connection reset' }),
    span('test.e2e', [20_000, 50_000, 'failed'], { host: 'ci-2', message: '1 test failed:\n  expected 3\n  got 4\n\n\na\nb\nc\nd' }),
  ])
  withAttrs(t, 'test.e2e', 1, { exit: '3', runner: 'ci-2' })
  return withAttrs(t, 'build', 1, { commit: '3f2a' })
}
const draw = (t: Timeline, details = false, width = 80) => renderTerminalGantt(t, { width, now: T0 + 60_000, color: false, details })

describe('the failures after a terminal chart', () => {
  test('name each failed attempt with its host, status, attempt, exit code and the first lines of its message', () => {
    const lines = draw(ci())
    const at = lines.indexOf('failures')
    assert.ok(at > 0, lines.join('\n'))
    assert.equal(lines[at - 1], '')
    assert.deepEqual(lines.slice(at + 1), [
      '  ✗ test.unit @ci-1  error  attempt 1 of 2, passed later',
      '      flaky: connection reset',
      '  ✗ test.e2e @ci-2  failed  exit=3',
      '      1 test failed:',
      '        expected 3',
      '        got 4',
      '      a',
      '      b',
      '      … 2 more lines',
    ])
  })

  test('are not there when nothing failed', () => {
    const lines = draw(makeTimeline([span('build', [0, 1_000])]))
    assert.equal(lines.includes('failures'), false)
    assert.equal(lines.at(-1), '█ done')
  })

  test('with details, every attempt that has attrs, after the failures', () => {
    const lines = draw(ci(), true)
    assert.deepEqual(lines.slice(lines.indexOf('details')), ['details', '  build  commit=3f2a', '  test.e2e @ci-2  exit=3 runner=ci-2'])
    assert.equal(draw(ci()).includes('details'), false)
  })

  test('fit the width, however narrow', () => {
    for (const width of [1, 8, 20, 41]) {
      for (const line of draw(ci(), true, width)) assert.ok([...line].length <= width, `${width}: ${line}`)
    }
  })
})

describe('the legend and the shades of a terminal chart', () => {
  test('tell a failed attempt from a passing one without colour', () => {
    const row = draw(ci()).find((line) => line.includes('unit @ci-1'))!
    assert.match(row, /▓+ *█+/, 'the failed attempt, then the passing one')
    assert.match(draw(ci()).find((line) => line.includes('e2e @ci-2'))!, /▓+[^█]*failed ✗$/)
  })

  test('say what each mark the chart uses means, and only those', () => {
    const lines = draw(ci())
    assert.equal(lines[lines.indexOf('') - 1], '█ done  ▓ failed  ×N attempts')
    const running = draw(makeTimeline([span('build', [0]), span('lint', [[0], [2_000, 3_000]])]))
    assert.ok(running.includes('█ done  ▒▶ running  ░ abandoned  ×N attempts'), running.join('\n'))
  })
})
