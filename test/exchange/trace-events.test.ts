import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { describe, test } from 'node:test'
import { gunzipSync } from 'node:zlib'
import { chromeTrace } from '../../src/codecs/export/chrome-trace.ts'
import { importedEvents, type ImportedRun } from '../../src/codecs/import/imported.ts'
import { parseTraceEvents } from '../../src/codecs/import/trace-events.ts'
import { T0, implied, makeTimeline, mark, span } from '../render/make-timeline.ts'

const brief = (spans: { name: string; host: string; start: number; end: number; status?: string }[], base = 0) =>
  spans.map((s) => `${s.name}${s.host ? `@${s.host}` : ''} ${s.start - base}-${s.end - base}${s.status && s.status !== 'ok' ? ` ${s.status}` : ''}`).sort()
const fixture = (name: string) => readFileSync(new URL(`../fixtures/trace-events/${name}`, import.meta.url))

/** The steps as the collector gets them (start and end events), and how many nested ones lie outside their parent. */
function nesting(run: ImportedRun): { nested: number; outside: string[] } {
  const steps = new Map<string, { start?: number; end?: number }>()
  for (const e of importedEvents(run, 'c', 't').events) {
    if (e.kind === 'mark') continue
    const key = `${e.name}\u0000${e.host}`
    steps.set(key, { ...steps.get(key), [e.kind]: e.time })
  }
  let nested = 0
  const outside: string[] = []
  for (const [key, step] of steps) {
    const [name, host] = key.split('\u0000') as [string, string]
    const parent = steps.get(`${name.slice(0, name.lastIndexOf('.'))}\u0000${host}`)
    if (!name.includes('.') || parent === undefined) continue
    nested++
    if (step.start! < parent.start! || step.end! > parent.end!) outside.push(name)
  }
  return { nested, outside }
}

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

  test('nests the children of a repeated name under the instance whose time holds them', () => {
    const trace = [
      { ph: 'X', name: 'RunTask', ts: 0, dur: 100, pid: 1, tid: 1 },
      { ph: 'X', name: 'Parse', ts: 10, dur: 20, pid: 1, tid: 1 },
      { ph: 'X', name: 'RunTask', ts: 200, dur: 100, pid: 1, tid: 1 },
      { ph: 'X', name: 'Parse', ts: 210, dur: 20, pid: 1, tid: 1 },
      { ph: 'X', name: 'Parse', ts: 250, dur: 20, pid: 1, tid: 1 },
    ]
    const run = parseTraceEvents(JSON.stringify(trace), 0)
    assert.deepEqual(brief(run.spans), ['RunTask 0-0.1', 'RunTask-2 0.2-0.3', 'RunTask-2.Parse 0.21-0.23', 'RunTask-2.Parse-2 0.25-0.27', 'RunTask.Parse 0.01-0.03'])
    assert.deepEqual(nesting(run), { nested: 3, outside: [] })
  })

  test('reads B/E per thread, b/e per id, instants as marks, threads as hosts with pid/tid, and an unclosed array', () => {
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
    assert.deepEqual(brief(run.spans), ['fetch 0.5-3.5', 'gc@thread 1/2 2-2.5', 'load.parse@main 1/1 1-3', 'load@main 1/1 0-4'])
    assert.deepEqual(run.marks, [{ name: 'first paint', host: 'main 1/1', time: 3.2 }])
    assert.deepEqual(run.skipped, [{ at: 10, reason: 'E event without a begin' }])
  })

  test('keeps two threads of one name apart', () => {
    const run = parseTraceEvents(JSON.stringify([
      { ph: 'M', name: 'thread_name', pid: 1, tid: 7, args: { name: 'ThreadPoolForegroundWorker' } },
      { ph: 'M', name: 'thread_name', pid: 2, tid: 7, args: { name: 'ThreadPoolForegroundWorker' } },
      { ph: 'X', name: 'task', ts: 0, dur: 10, pid: 1, tid: 7 },
      { ph: 'X', name: 'task', ts: 0, dur: 10, pid: 2, tid: 7 },
    ]), 0)
    assert.deepEqual(run.spans.map((s) => s.host).sort(), ['ThreadPoolForegroundWorker 1/7', 'ThreadPoolForegroundWorker 2/7'])
  })

  test('makes a foreign event\'s args and category attrs, never its name or status', () => {
    const run = parseTraceEvents(JSON.stringify([
      { ph: 'X', name: 'LayerTextured::PaintContentsToDisplayList', cat: 'cc', ts: 0, dur: 10, pid: 1, tid: 1, args: { name: 'LocationBarView', status: 'failed', data: { frame: 'F1', n: 3 } } },
      { ph: 'i', name: 'mark', ts: 5, pid: 1, tid: 1, s: 't', args: { name: 'other' } },
    ]), 0)
    assert.deepEqual(run.spans.map((s) => [s.name, s.status, s.attrs]), [
      ['LayerTextured::PaintContentsToDisplayList', 'ok', { cat: 'cc', name: 'LocationBarView', status: 'failed', data: '{"frame":"F1","n":3}' }],
    ])
    assert.deepEqual(run.marks.map((m) => [m.name, m.attrs]), [['mark', { name: 'other' }]])
  })

  test('keeps marks of one name apart, as their own events', () => {
    const run = parseTraceEvents(JSON.stringify([
      { ph: 'X', name: 'paint', ts: 0, dur: 10, pid: 1, tid: 1 },
      { ph: 'X', name: 'paint', ts: 20, dur: 10, pid: 1, tid: 1 },
      { ph: 'I', name: 'paint', ts: 5, pid: 1, tid: 1, s: 't' },
      { ph: 'I', name: 'paint', ts: 25, pid: 1, tid: 1, s: 't' },
    ]), 0)
    const names = importedEvents(run, 'c', 't', 1_000).events.map((e) => `${e.kind} ${e.name}`)
    assert.deepEqual(names, ['start paint', 'end paint', 'start paint-2', 'end paint-2', 'mark paint', 'mark paint-2'])
  })

  test('keeps attrs within the collector\'s limits', () => {
    const args = Object.fromEntries(Array.from({ length: 80 }, (_, i) => [`k${i}`, 'é'.repeat(2_000)]))
    const run = parseTraceEvents(JSON.stringify([{ ph: 'X', name: 'big', ts: 0, dur: 1, pid: 1, tid: 1, args }]), 0)
    const { events, refused } = importedEvents(run, 'c', 't', 1_000)
    assert.deepEqual(refused, [])
    assert.equal(Object.keys(events[1]!.attrs!).length, 64)
    assert.equal(events[1]!.attrs!.k0, 'é'.repeat(512))
  })

  test('counts the kinds it leaves out: flow events, counters, samples, metadata', () => {
    const run = parseTraceEvents(JSON.stringify([
      { ph: 'X', name: 'a', ts: 0, dur: 10, pid: 1, tid: 1 },
      { ph: 's', name: 'flow', id: 1, ts: 1, pid: 1, tid: 1 },
      { ph: 'f', name: 'flow', id: 1, ts: 2, pid: 1, tid: 1 },
      { ph: 'C', name: 'heap', ts: 3, pid: 1, args: { size: 1 } },
      { ph: 'M', name: 'process_name', pid: 1, args: { name: 'browser' } },
      { ph: 'P', name: 'sample', ts: 4, pid: 1, tid: 1 },
      { ph: 'constructor', name: 'odd', ts: 5, pid: 1, tid: 1 },
    ]), 0)
    assert.deepEqual(run.ignored, { 'flow events': 2, 'counter events': 1, 'metadata events': 1, samples: 1, 'events of ph "construc"': 1 })
    assert.deepEqual(run.marks, [])
  })

  test('ends a step left open at the end of the trace as unfinished', () => {
    const run = parseTraceEvents(JSON.stringify([
      { ph: 'B', name: 'open', ts: 0, pid: 1, tid: 1 },
      { ph: 'X', name: 'work', ts: 100, dur: 900, pid: 1, tid: 1 },
    ]), 0)
    assert.deepEqual(brief(run.spans), ['open 0-1 unfinished', 'open.work 0.1-1'])
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

  test('says what is wrong with a file that is not a trace, a Perfetto protobuf or a gzip file', () => {
    assert.deepEqual(parseTraceEvents('{"nope": 1}', 0).skipped, [{ at: 0, reason: 'JSON has no traceEvents array: expected a trace-event array or an object with traceEvents' }])
    const perfetto = parseTraceEvents(new Uint8Array([0x0a, 0x12, 0x08, 0x01, 0x10, 0x00, 0x1a]), 0).skipped[0]!.reason
    assert.match(perfetto, /Perfetto protobuf\) trace: expected trace-event JSON — record one with --trace-startup-format=json/)
    assert.match(parseTraceEvents(new Uint8Array([0x1f, 0x8b, 0x08]), 0).skipped[0]!.reason, /gzip/)
  })
})

describe('reading a big trace a part at a time', () => {
  // far more than one part (64 kB), with names of several bytes a character and strings that hold brackets and quotes
  const events = Array.from({ length: 4_000 }, (_, i) => ({
    ph: 'X', name: i % 2 ? 'étape ✓ "q"' : 'step]}', ts: i * 10, dur: 5, pid: 1, tid: 1,
    args: { note: `a\\"[{${'ü'.repeat(i % 7)}`, i },
  }))
  const names = (run: ImportedRun) => run.spans.map((s) => s.name)
  const expected = events.map((e, i) => {
    const n = Math.floor(i / 2) + 1
    return n === 1 ? e.name : `${e.name}-${n}`
  })

  test('every event once, in order, with its args, whether the array is bare or inside an object', () => {
    const bare = parseTraceEvents(Buffer.from(JSON.stringify(events)), T0)
    assert.deepEqual(names(bare), expected)
    assert.deepEqual(bare.spans[3]!.attrs, { note: `a\\"[{${'ü'.repeat(3)}`, i: '3' })
    const wrapped = parseTraceEvents(Buffer.from(JSON.stringify({ metadata: { a: [1, '] }'] }, traceEvents: events, displayTimeUnit: 'ms' })), T0)
    assert.deepEqual(wrapped, bare)
  })

  test('otherData after the events still marks upto\'s own file', () => {
    const own = { traceEvents: [{ ph: 'X', name: 's', ts: 1, dur: 5, args: { name: 'build.a', host: 'h', status: 'error' } }], otherData: { context: 'c', timeline: 't' } }
    const run = parseTraceEvents(Buffer.from(JSON.stringify(own)), T0)
    assert.deepEqual(run.spans.map((s) => [s.name, s.host, s.status]), [['build.a', 'h', 'error']])
  })

  test('a trace cut short after an event is read to there; one cut inside an event is not JSON', () => {
    const text = JSON.stringify(events)
    const cut = text.lastIndexOf(',{')
    assert.equal(parseTraceEvents(Buffer.from(text.slice(0, cut + 1)), T0).spans.length, events.length - 1)
    assert.equal(parseTraceEvents(Buffer.from(text.slice(0, cut)), T0).spans.length, events.length - 1)
    const broken = parseTraceEvents(Buffer.from(text.slice(0, cut + 10)), T0)
    assert.deepEqual(broken.skipped, [{ at: 0, reason: 'file is not JSON: expected a trace-event array or an object with traceEvents' }])
    // brackets and strings in their places, but not JSON within: found when its part is parsed
    const inside = parseTraceEvents(Buffer.from(`${text.slice(0, -1)},{"ph":"X" "name":"a"}]`), T0)
    assert.deepEqual(inside, { spans: [], marks: [], skipped: broken.skipped })
  })
})

describe('importing real traces', () => {
  test('a trace written by `node --trace-events-enabled`: every nested step inside its parent', () => {
    const run = parseTraceEvents(fixture('node-fs-timers.json'), 0)
    assert.ok(run.spans.length > 400, `${run.spans.length} steps`)
    const { nested, outside } = nesting(run)
    assert.ok(nested > 150, `${nested} nested`)
    assert.deepEqual(outside, [])
    assert.ok(run.spans.some((s) => /^PROMISE-\d+\.PROMISE_CALLBACK$/.test(s.name)), 'callbacks of later promises under their own promise')
  })

  test('a Chromium start-up trace: every nested step inside its parent, each thread its own host', () => {
    const bytes = gunzipSync(fixture('chromium-startup.json.gz'))
    const raw = JSON.parse(bytes.toString('utf8')) as { traceEvents: { ph: string; pid: number; tid: number }[] }
    const run = parseTraceEvents(bytes, 0)
    const { nested, outside } = nesting(run)
    assert.ok(nested > 5_000, `${nested} nested`)
    assert.deepEqual(outside, [])
    const threads = new Set(raw.traceEvents.filter((e) => 'XB'.includes(e.ph)).map((e) => `${e.pid}/${e.tid}`))
    const hosts = new Set(run.spans.map((s) => s.host))
    for (const thread of threads) assert.equal([...hosts].filter((h) => h.endsWith(` ${thread}`)).length, 1, thread)
    assert.equal(run.ignored!['flow events'], raw.traceEvents.filter((e) => 'sf'.includes(e.ph)).length)
  })
})
