import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import type { TimelineSummary } from '../../src/core/types.ts'
import { renderContextList, renderTimelineList } from '../../src/facets/timelines/lists.ts'
import { textWidth } from '../../src/render/terminal-text.ts'
import { T0 } from '../render/make-timeline.ts'

const NOW = T0 + 3_600_000
const ANSI = /\x1b\[[0-9;]*m/g

function summary(id: string, start: number, duration: number | undefined, status: string, events = 3, errors = 0, retried = 0): TimelineSummary {
  const s: TimelineSummary = { context: 'deploy', id, created: T0 + start, start: T0 + start, status, events, errors, retried, running: status === 'running' }
  if (errors > 0) s.failed = 'test.unit'
  if (duration !== undefined) {
    s.end = T0 + start + duration
    s.duration = duration
  }
  return s
}

const contexts = () => [
  { name: 'deploy', timelines: 12, newest: summary('01HX3J5Q8Z', 3_300_000, undefined, 'running') },
  { name: 'build', timelines: 3, newest: summary('1234', 0, 252_000, 'error', 30, 2) },
  { name: 'packer-base-image', timelines: 1 },
]

const timelines = () => [
  summary('01HX3J5Q8Z', 3_300_000, undefined, 'running', 4),
  summary('01HX3HZZZZ', 1_000_000, 61_000, 'ok', 12, 0, 2),
  summary('01HX3HAAAA', 0, 4_200, 'error', 12, 3),
]

describe('renderContextList', () => {
  test('lists contexts in aligned columns with relative and absolute start times', () => {
    assert.deepEqual(renderContextList(contexts(), { now: NOW, color: false, width: 120 }), [
      'CONTEXT            TIMELINES  NEWEST      STARTED  AT (UTC)              DURATION  STATUS    FAILED / RETRIED',
      'deploy                    12  01HX3J5Q8Z  5m ago   2024-05-01 12:55:00Z     5m00s  running…  -',
      'build                      3  1234        1h ago   2024-05-01 12:00:00Z     4m12s  error ✗   2 failed (test.unit first)',
      'packer-base-image          1  -           -        -                            -  -         -',
    ])
  })

  test('drops the absolute time, then cuts names, to fit a narrow terminal', () => {
    const lines = renderContextList(contexts(), { now: NOW, color: false, width: 50 })
    assert.ok(!lines[0]!.includes('AT (UTC)'))
    assert.ok(lines.every((l) => textWidth(l) <= 50), lines.join('\n'))
    assert.match(lines[3]!, /^packer…/)
  })

  test('says how to begin when there are no contexts', () => {
    assert.deepEqual(renderContextList([], { now: NOW, color: false, width: 80 }), [
      'no contexts yet: send one with  upto start CTX STEP',
    ])
  })

  test('colours statuses only when asked', () => {
    assert.ok(renderContextList(contexts(), { now: NOW, color: false, width: 120 }).every((l) => !l.includes('\x1b')))
    const colored = renderContextList(contexts(), { now: NOW, color: true, width: 120 })
    assert.ok(colored.some((l) => l.includes('\x1b[31merror ✗')))
    assert.deepEqual(colored.map((l) => l.replace(ANSI, '')), renderContextList(contexts(), { now: NOW, color: false, width: 120 }))
  })
})

describe('renderTimelineList', () => {
  test('lists timelines with start, duration, status, events, what failed and what was retried', () => {
    assert.deepEqual(renderTimelineList('deploy', timelines(), { now: NOW, color: false, width: 110 }), [
      'ID          STARTED  AT (UTC)              DURATION  STATUS    EVENTS  FAILED / RETRIED',
      '01HX3J5Q8Z  5m ago   2024-05-01 12:55:00Z     5m00s  running…       4  -',
      '01HX3HZZZZ  43m ago  2024-05-01 12:16:40Z     1m01s  ok ✓          12  2 retried',
      '01HX3HAAAA  1h ago   2024-05-01 12:00:00Z     4.20s  error ✗       12  3 failed (test.unit first)',
    ])
  })

  test('counts a running timeline up to now', () => {
    const lines = renderTimelineList('deploy', timelines(), { now: NOW + 60_000, color: false, width: 100 })
    assert.match(lines[1]!, /6m ago .* 6m00s  running…/)
  })

  test('never writes a line wider than the terminal', () => {
    for (const width of [20, 40, 60, 80]) {
      const lines = renderTimelineList('deploy', timelines(), { now: NOW, color: true, width })
      assert.ok(lines.every((l) => textWidth(l.replace(ANSI, '')) <= width), `${width}:\n${lines.join('\n')}`)
    }
  })

  test('says how to begin when a context has no timelines', () => {
    assert.deepEqual(renderTimelineList('deploy', [], { now: NOW, color: false, width: 80 }), [
      'no timelines in deploy yet: send one with  upto start deploy STEP',
    ])
  })
})
