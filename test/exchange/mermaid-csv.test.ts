import assert from 'node:assert/strict'
import { test } from 'node:test'
import { timelineCsv } from '../../src/codecs/export/csv.ts'
import { mermaidGantt } from '../../src/codecs/export/mermaid.ts'
import { T0, implied, makeTimeline, mark, span } from '../render/make-timeline.ts'

// build 0–30 then test (unit 30–80 and lint 30–50 in parallel): the critical path is build, test, test.unit.
const timeline = makeTimeline([
  span('build', [0, 30], { host: 'ci-1' }),
  implied('test', 30, 80),
  span('test.unit', [30, 80, 'error'], { message: 'failed: "a", b' }),
  span('test.lint', [30, 50]),
  mark('test.lint.ok', 50),
], { context: 'ci', id: '42' })

test('the Mermaid export is a gantt block with sections, crit done on the critical path, crit for a failure, milestones for marks', () => {
  const t = (ms: number) => T0 + ms
  assert.equal(mermaidGantt(timeline, T0 + 100), [
    'gantt',
    '  title ci / 42',
    '  dateFormat x',
    '  axisFormat %H:%M:%S',
    '  section build',
    `  build @ci-1 :crit, done, s1, ${t(0)}, ${t(30)}`,
    '  section test',
    `  unit ✗ :crit, s2, ${t(30)}, ${t(80)}`,
    `  lint :done, s3, ${t(30)}, ${t(50)}`,
    `  lint.ok :milestone, m4, ${t(50)}, ${t(50)}`,
    '',
  ].join('\n'))
})

test('the CSV export has one line per attempt, times in ISO 8601, quotes where needed and CRLF line ends', () => {
  const iso = (ms: number) => new Date(T0 + ms).toISOString()
  assert.equal(timelineCsv(timeline, T0 + 100), [
    'context,timeline,name,host,depth,kind,attempt,state,status,start,end,duration_ms,critical_ms,message',
    `ci,42,build,ci-1,0,span,1,done,ok,${iso(0)},${iso(30)},30,30,`,
    `ci,42,test,,0,implied,0,implied,ok,${iso(30)},${iso(80)},50,0,`,
    `ci,42,test.unit,,1,span,1,done,error,${iso(30)},${iso(80)},50,50,"failed: ""a"", b"`,
    `ci,42,test.lint,,1,span,1,done,ok,${iso(30)},${iso(50)},20,0,`,
    `ci,42,test.lint.ok,,2,mark,1,done,ok,${iso(50)},${iso(50)},0,0,`,
    '',
  ].join('\r\n'))
})

test('the CSV export gives each attempt its own time on the critical path, in ms with at most 3 decimals', () => {
  // migrate fails (0–10.3) and passes (12–30): the path runs through both attempts. T0 + 10.3 − T0 is
  // 10.2998046875 in floating point: written as 10.3
  const retried = makeTimeline([span('migrate', [[0, 10.3, 'error'], [12, 30]])], { context: 'db', id: '1' })
  const lines = timelineCsv(retried, T0 + 100).split('\r\n')
  const cells = lines.slice(1, 3).map((l) => l.split(','))
  assert.deepEqual(cells.map((c) => [c[6], c[11], c[12]]), [['1', '10.3', '10.3'], ['2', '18', '18']])
})

test('the CSV export guards cells a spreadsheet would run as formulas, unless raw', () => {
  const evil = makeTimeline([
    span('=HYPERLINK("http://x")', [0, 10], { message: "=cmd|' /C calc'!A0" }),
    span('plus', [0, 10], { host: '+1', message: '@SUM(A1)' }),
    span('minus', [0, 10], { message: '-2+3' }),
    span('tab', [0, 10], { message: '\tx' }),
  ], { context: 'c', id: '1' })
  const guarded = timelineCsv(evil, T0 + 100)
  assert.ok(guarded.includes(`"'=HYPERLINK(""http://x"")"`), guarded)
  assert.ok(guarded.includes("'=cmd|' /C calc'!A0"))
  assert.ok(guarded.includes("plus,'+1,"))
  assert.ok(guarded.includes("'@SUM(A1)"))
  assert.ok(guarded.includes("'-2+3"))
  assert.ok(guarded.includes("'\tx"))
  for (const line of guarded.split('\r\n').slice(1, -1)) {
    for (const cell of line.match(/("([^"]|"")*"|[^,]*)/g)!.filter((c) => c !== '')) {
      const value = cell.startsWith('"') ? cell.slice(1, -1).replace(/""/g, '"') : cell
      assert.doesNotMatch(value, /^[=+\-@\t\r]/, `cell ${value} cannot start a formula`)
    }
  }
  const raw = timelineCsv(evil, T0 + 100, { raw: true })
  assert.ok(raw.includes('"=HYPERLINK(""http://x"")"'))
  assert.ok(raw.includes(",=cmd|' /C calc'!A0"))
})
