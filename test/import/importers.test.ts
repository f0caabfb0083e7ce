import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { chromeTrace } from '../../src/export/chrome-trace.ts'
import { importedEvents } from '../../src/import/imported.ts'
import { parseNinjaLog } from '../../src/import/ninja-log.ts'
import { parsePackerLog } from '../../src/import/packer-log.ts'
import { parseTraceEvents } from '../../src/import/trace-events.ts'
import { T0, implied, makeTimeline, mark, span } from '../render/make-timeline.ts'

const brief = (spans: { name: string; host: string; start: number; end: number; status?: string }[], base = 0) =>
  spans.map((s) => `${s.name}${s.host ? `@${s.host}` : ''} ${s.start - base}-${s.end - base}${s.status && s.status !== 'ok' ? ` ${s.status}` : ''}`).sort()

describe('importing a .ninja_log', () => {
  const log = [
    '# ninja log v5',
    '0\t500\t1700000000000000000\told/first-build.o\taaaa',
    '10\t40\t0\tobj/net/http.o\t1111',
    '12\t90\t0\tobj/net/dns.o\t2222',
    'this line is broken',
    '40\t120\t0\tlib/libnet.so\t3333',
    '40\t120\t0\tlib/libnet.so.TOC\t3333',
    '',
  ].join('\n')

  test('keeps the last build (the log starts over when a line ends earlier), one step per command', () => {
    const run = parseNinjaLog(log, 1_000_000)
    assert.deepEqual(brief(run.spans, 1_000_000), ['lib.libnet_so 40-120', 'obj.net.dns_o 12-90', 'obj.net.http_o 10-40'])
    assert.deepEqual(run.spans.find((x) => x.name === 'lib.libnet_so')!.attrs, { output: 'lib/libnet.so lib/libnet.so.TOC' })
  })

  test('counts the lines it cannot read, with where and why', () => {
    assert.deepEqual(parseNinjaLog(log, 0).skipped, [{ at: 5, reason: 'expected start, end, mtime, output and hash separated by tabs' }])
  })

  test('refuses a file that is not a ninja log', () => {
    const run = parseNinjaLog('hello\n', 0)
    assert.equal(run.spans.length, 0)
    assert.match(run.skipped[0]!.reason, /expected "# ninja log v5"/)
  })
})

describe('importing a packer log', () => {
  const log = [
    '2023/07/22 00:26:40 [INFO] Packer version: 1.8.5',
    '2023/07/22 00:26:48 [INFO] (telemetry) Starting builder amazon-ebs',
    '==> amazon-ebs: Creating temporary keypair...',
    '2023/07/22 00:27:48 [INFO] (telemetry) Starting provisioner shell',
    '2023/07/22 00:29:00 [INFO] (telemetry) ending shell',
    'PACKER ERR 2023/07/22 00:29:01 [INFO] (telemetry) Starting provisioner shell',
    '2023/07/22 00:29:31 [INFO] (telemetry) ending shell',
    '2023/07/22 00:29:32 [INFO] (telemetry) Starting provisioner file.upload',
    "Build 'amazon-ebs' errored after 3 minutes: Script exited with non-zero exit status: 2",
    '2023/07/22 00:30:00 [INFO] (telemetry) ending amazon-ebs',
    '2023/07/22 00:30:01 [INFO] (telemetry) Finalizing.',
    '',
  ].join('\n')
  const at = (hms: string) => Date.parse(`2023-07-22T${hms}Z`)

  test('makes the builder a step and its provisioners its children, a second shell a step of its own', () => {
    const run = parsePackerLog(log)
    assert.deepEqual(brief(run.spans), [
      `amazon-ebs ${at('00:26:48')}-${at('00:30:00')} error`,
      `amazon-ebs.file_upload ${at('00:29:32')}-${at('00:30:01')} unfinished`,
      `amazon-ebs.shell ${at('00:27:48')}-${at('00:29:00')}`,
      `amazon-ebs.shell ${at('00:29:01')}-${at('00:29:31')}`,
    ].sort())
    assert.equal(run.spans.find((x) => x.name === 'amazon-ebs')!.message, 'Script exited with non-zero exit status: 2')
    assert.deepEqual(run.marks, [{ name: 'finalizing', host: '', time: at('00:30:01') }])
    const names = importedEvents(run, 'packer', 't').filter((e) => e.kind === 'start').map((e) => e.name)
    assert.deepEqual(names, ['amazon-ebs', 'amazon-ebs.shell', 'amazon-ebs.shell-2', 'amazon-ebs.file_upload'])
  })

  test('places local times with the given offset', () => {
    const [builder] = parsePackerLog(log, 120).spans.filter((x) => x.name === 'amazon-ebs')
    assert.equal(builder!.start, at('00:26:48') - 2 * 3_600_000)
  })
})

describe('importing trace events', () => {
  test('nests complete events by time on a thread and starts relative times at the given start', () => {
    const trace = {
      traceEvents: [
        { ph: 'X', name: 'MessageLoop', ts: 100_000, dur: 1_000_000, pid: 1, tid: 1 },
        { ph: 'X', name: 'RunTask', ts: 200_000, dur: 300_000, pid: 1, tid: 1 },
        { ph: 'X', name: 'v8.compile', ts: 250_000, dur: 100_000, pid: 1, tid: 1 },
        { ph: 'X', name: 'Paint', ts: 600_000, dur: 200_000, pid: 1, tid: 1 },
      ],
    }
    const run = parseTraceEvents(JSON.stringify(trace), 5_000)
    assert.deepEqual(brief(run.spans, 5_000), [
      'MessageLoop 0-1000', 'MessageLoop.Paint 500-700', 'MessageLoop.RunTask 100-400', 'MessageLoop.RunTask.v8_compile 150-250',
    ])
  })

  test('reads B/E per thread, b/e per id, instants as marks, threads as hosts, and an unclosed array', () => {
    const events = [
      { ph: 'M', name: 'thread_name', pid: 1, tid: 1, args: { name: 'main' } },
      { ph: 'B', name: 'load', ts: 0, pid: 1, tid: 1 },
      { ph: 'B', name: 'parse', ts: 1_000, pid: 1, tid: 1 },
      { ph: 'E', ts: 3_000, pid: 1, tid: 1 },
      { ph: 'E', ts: 4_000, pid: 1, tid: 1 },
      { ph: 'B', name: 'gc', ts: 2_000, pid: 1, tid: 2 },
      { ph: 'E', ts: 2_500, pid: 1, tid: 2 },
      { ph: 'b', name: 'fetch', cat: 'net', id: '0x1', ts: 500, pid: 1 },
      { ph: 'e', name: 'fetch', cat: 'net', id: '0x1', ts: 3_500, pid: 1 },
      { ph: 'i', name: 'first paint', ts: 3_200, pid: 1, tid: 1 },
      { ph: 'E', ts: 9_000, pid: 9, tid: 9 },
    ]
    const text = `[${events.map((e) => JSON.stringify(e)).join(',\n')},\n`
    const run = parseTraceEvents(text, 0)
    assert.deepEqual(brief(run.spans), ['fetch 0.5-3.5', 'gc@1/2 2-2.5', 'load.parse@main 1-3', 'load@main 0-4'])
    assert.deepEqual(run.marks, [{ name: 'first paint', host: 'main', time: 3.2 }])
    assert.deepEqual(run.skipped, [{ at: 10, reason: 'E event without a begin' }])
  })

  test('reads back what upto exports: names, hosts, statuses and Unix times', () => {
    const timeline = makeTimeline([
      implied('deploy', 0, 60),
      span('deploy.db', [[0, 10, 'error'], [12, 30]]),
      span('deploy.web', [10, 40], { host: 'web1' }),
      span('deploy.web', [20, 50, 'failed'], { host: 'web2' }),
      mark('deploy.tagged', 55),
    ])
    const run = parseTraceEvents(JSON.stringify(chromeTrace(timeline, T0 + 100)), 0)
    assert.deepEqual(brief(run.spans, T0), ['deploy 0-60', 'deploy.db 0-30', 'deploy.web@web1 10-40', 'deploy.web@web2 20-50 failed'])
    assert.deepEqual(run.marks.map((m) => [m.name, m.time - T0]), [['deploy.tagged', 55]])
  })

  test('says what is wrong with a file that is not a trace', () => {
    assert.deepEqual(parseTraceEvents('{"nope": 1}', 0).skipped, [{ at: 0, reason: 'JSON has no traceEvents array: expected a trace-event array or an object with traceEvents' }])
  })
})

describe('imported events', () => {
  test('pair a start and an end per step, with ids that make a second import change nothing', () => {
    const run = { spans: [{ name: 'a', host: '', start: 10, end: 20, status: 'ok' }], marks: [{ name: 'm', host: '', time: 15 }], skipped: [] }
    const events = importedEvents(run, 'ci', 't1')
    assert.deepEqual(events.map((e) => [e.kind, e.name, e.time, e.timeline, e.status]), [
      ['start', 'a', 10, 't1', undefined], ['end', 'a', 20, 't1', 'ok'], ['mark', 'm', 15, 't1', undefined],
    ])
    assert.deepEqual(importedEvents(run, 'ci', 't1').map((e) => e.id), events.map((e) => e.id))
    assert.equal(new Set(events.map((e) => e.id)).size, 3)
  })
})
