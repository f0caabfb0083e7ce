import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { renderTerminalGantt } from '../../src/facets/timelines/terminal-gantt.ts'
import { textWidth } from '../../src/render/terminal-text.ts'
import { T0, makeTimeline, manyRows, span } from '../render/make-timeline.ts'
import { NOW, sampleTimeline } from '../render/sample-timeline.ts'

const ANSI = /\x1b\[[0-9;]*m/g
const plain = (width: number) => renderTerminalGantt(sampleTimeline(), { width, now: NOW, color: false })
const lineOf = (lines: string[], text: string) => lines.find((l) => l.includes(text)) ?? assert.fail(`no line with ${text}`)

describe('renderTerminalGantt', () => {
  test('draws a small timeline exactly like this at 64 columns', () => {
    const expected = [
      'deploy / 1234  2024-05-01T12:00:00.000Z  9.00s  running…',
      'deploy            ━━━━━━━━━━━━━━━━━━━━━━━━━━━━━  9.00s running…',
      '  db              ━━━━━━━━━━━━━━━━━━━━           6.20s ✓',
      '    migrate @db-1 ▓▓▓▓▓ ▐█████████████           6.20s ✓ ×2',
      '  web @web-1         ██████████▌                 3.20s ✓',
      '  web @web-2          ▓▓▓▓▓▓▓▓▓▓▓▓▓              3.70s error ✗',
      '    ready                         ◆             +5.00s ◆',
      '  smoke                               ▒▒▒▒▒▒▒▒▶  2.50s running…',
      '  cleanup                  ┤                         ? orphan',
      '                  ┬───────────────┬────────────',
      '                  0s              5s',
      '█ done  ▓ failed  ▒▶ running  ┤ end, no start  ━ span of its st…',
      '',
      'failures',
      '  ✗ deploy.db.migrate @db-1  error  attempt 1 of 2, passed later',
      '  ✗ deploy.web @web-2  error',
    ]
    assert.deepEqual(plain(64), expected)
  })

  test('indents the tree by depth and shows the last segment of each name', () => {
    const lines = plain(100)
    assert.match(lines[1]!, /^deploy /)
    assert.match(lines[2]!, /^ {2}db /)
    assert.match(lines[3]!, /^ {4}migrate @db-1 /)
  })

  test('shows the same step on two hosts as two rows', () => {
    const lines = plain(100)
    assert.equal(lines.filter((l) => /^ {2}web @web-\d/.test(l)).length, 2)
    assert.match(lineOf(lines, '@web-2'), /3\.70s error ✗$/)
  })

  test('shows a retry as two bars and an attempt count', () => {
    const line = lineOf(plain(100), 'migrate')
    assert.match(line, /✓ ×2$/)
    assert.match(line, /▓+ +[▐▕]?█+/, 'two separate bars, the failed one in its own shade')
  })

  test('draws a running step up to now with an arrow and says so', () => {
    const line = lineOf(plain(100), 'smoke')
    assert.match(line, /▒+▶ +2\.50s running…$/)
    assert.match(plain(100)[0]!, /running…  1 failed \(deploy\.web\), 1 retried$/, "the header says what failed and what was retried")
  })

  test('writes no escape codes when colour is off and some when it is on', () => {
    assert.ok(plain(100).every((l) => !l.includes('\x1b')))
    const colored = renderTerminalGantt(sampleTimeline(), { width: 100, now: NOW, color: true })
    assert.ok(colored.some((l) => l.includes('\x1b[31m')), 'red for the error')
    assert.ok(colored.some((l) => l.includes('\x1b[33m')), 'yellow for running')
    assert.deepEqual(colored.map((l) => l.replace(ANSI, '')), plain(100))
  })

  test('never writes a line wider than the terminal', () => {
    for (const width of [1, 5, 12, 20, 25, ...Array.from({ length: 25 }, (_, i) => 30 + i * 7)]) {
      for (const color of [false, true]) {
        const lines = renderTerminalGantt(sampleTimeline(), { width, now: NOW, color })
        for (const line of lines) assert.ok(textWidth(line.replace(ANSI, '')) <= width, `${width}: ${line}`)
      }
    }
  })

  test('cuts long names with an ellipsis', () => {
    const long = `build.${'very-long-step-name-'.repeat(6)}end`
    const t = makeTimeline([span('build', [0, 2_000]), span(long, [0, 1_000], { host: 'runner-with-a-long-name-42' })])
    const lines = renderTerminalGantt(t, { width: 60, now: T0, color: false })
    assert.ok(lines.every((l) => textWidth(l) <= 60))
    assert.match(lineOf(lines, 'very-long'), /…/)
    assert.match(lineOf(lines, 'very-long'), /@runner/)
  })

  test('keeps control characters in event strings away from the terminal', () => {
    const t = makeTimeline([span('evil\x1b[2J', [0, 1_000], { host: 'h\x07' })], { context: 'ctx\x1b]0;x\x07' })
    for (const color of [false, true]) {
      const lines = renderTerminalGantt(t, { width: 80, now: T0, color })
      assert.ok(lines.every((l) => !/\x1b(?!\[\d+m)|\x07/.test(l)), lines.join('\n'))
    }
  })

  test('says so when a timeline has no events yet', () => {
    const lines = renderTerminalGantt(makeTimeline([], { id: 'empty-1' }), { width: 80, now: T0, color: false })
    assert.deepEqual(lines, ['deploy / empty-1  no events  -  empty', '  no events yet'])
  })

  test('draws a zero-length timeline without failing', () => {
    const t = makeTimeline([span('flash', [0, 0])])
    const lines = renderTerminalGantt(t, { width: 60, now: T0 + 1_000, color: false })
    assert.match(lineOf(lines, 'flash'), /^flash +▏ +0ms ✓$/)
    assert.ok(lines.some((line) => line.trim() === '0s'), 'an axis of one tick')
  })

  test('renders 10,000 rows', () => {
    const lines = renderTerminalGantt(manyRows(10_000), { width: 120, now: T0, color: true })
    assert.ok(lines.length >= 10_001)
    assert.match(lines[10_001]!, /step9999/)
  })
})
