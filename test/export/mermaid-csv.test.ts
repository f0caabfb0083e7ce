import assert from 'node:assert/strict'
import { test } from 'node:test'
import { timelineCsv } from '../../src/export/csv.ts'
import { mermaidGantt } from '../../src/export/mermaid.ts'
import { T0, implied, makeTimeline, mark, span } from '../render/make-timeline.ts'

// build 0–30 then test (unit 30–80 and lint 30–50 in parallel): the critical path is build, test, test.unit.
const timeline = makeTimeline([
  span('build', [0, 30], { host: 'ci-1' }),
  implied('test', 30, 80),
  span('test.unit', [30, 80, 'error'], { message: 'failed: "a", b' }),
  span('test.lint', [30, 50]),
  mark('test.lint.ok', 50),
], { context: 'ci', id: '42' })

test('the Mermaid export is a gantt block with sections, crit on the critical path and milestones for marks', () => {
  const t = (ms: number) => T0 + ms
  assert.equal(mermaidGantt(timeline, T0 + 100), [
    'gantt',
    '  title ci / 42',
    '  dateFormat x',
    '  axisFormat %H:%M:%S',
    '  section build',
    `  build @ci-1 :crit, done, s1, ${t(0)}, ${t(30)}`,
    '  section test',
    `  unit ✗ :crit, done, s2, ${t(30)}, ${t(80)}`,
    `  lint :done, s3, ${t(30)}, ${t(50)}`,
    `  lint.ok :milestone, s4, ${t(50)}, ${t(50)}`,
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
