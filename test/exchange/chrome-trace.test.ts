import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { buildTimeline } from '../../src/core/timeline.ts'
import type { Stored, Timeline } from '../../src/core/types.ts'
import { chromeTrace, type TraceEvent } from '../../src/codecs/export/chrome-trace.ts'
import { parentRows } from '../../src/codecs/export/parent-row.ts'
import { T0, implied, makeTimeline, mark, span } from '../render/make-timeline.ts'

// deploy (implied 0–60): db 0–30 retried (0–10 error, 12–30), web on two hosts overlapping (10–40, 20–50), a mark.
const timeline = makeTimeline([
  implied('deploy', 0, 60),
  span('deploy.db', [[0, 10, 'error'], [12, 30]]),
  span('deploy.web', [10, 40], { host: 'web1' }),
  span('deploy.web', [20, 50], { host: 'web2' }),
  span('deploy.smoke', [50, 60]),
  mark('deploy.smoke.ok', 55),
])

/** Every id's b/e events, in file order, must open and close like a stack. */
function assertNested(events: TraceEvent[]): void {
  const stacks = new Map<string, string[]>()
  let last = -Infinity
  for (const e of events.filter((x) => x.ph === 'b' || x.ph === 'e')) {
    assert.ok(e.ts! >= last, 'in time order')
    last = e.ts!
    const stack = stacks.get(e.id!) ?? []
    stacks.set(e.id!, stack)
    if (e.ph === 'b') stack.push(e.name)
    else assert.equal(stack.pop(), e.name, `${e.name} closes the innermost open event of id ${e.id}`)
  }
  for (const [id, stack] of stacks) assert.deepEqual(stack, [], `everything of id ${id} is closed`)
}

describe('the Chrome trace export', () => {
  const trace = chromeTrace(timeline, T0 + 100)
  const begins = trace.traceEvents.filter((e) => e.ph === 'b')

  test('nests every async id like a stack, even with overlapping siblings', () => {
    assertNested(trace.traceEvents)
  })

  test('puts children on their parent\'s id when they fit, and steps that overlap on other ids', () => {
    const idOf = (name: string) => begins.find((e) => e.name === name)!.id
    assert.equal(idOf('db'), idOf('deploy'))
    assert.equal(idOf('smoke'), idOf('deploy'))
    // web1 (10–40) overlaps db (0–30), web2 (20–50) overlaps both
    assert.equal(new Set([idOf('deploy'), idOf('web @web1'), idOf('web @web2')]).size, 3)
  })

  test('gives each step its begin and end in microseconds since the epoch, and its full name in args', () => {
    const web2 = begins.find((e) => e.name === 'web @web2')!
    assert.equal(web2.ts, (T0 + 20) * 1_000)
    assert.deepEqual(web2.args, { name: 'deploy.web', host: 'web2', kind: 'span', status: 'ok', attempts: 1 })
    const end = trace.traceEvents.find((e) => e.ph === 'e' && e.name === 'web @web2')!
    assert.equal(end.ts, (T0 + 50) * 1_000)
  })

  test('shows retries as attempts nested in the step', () => {
    const attempts = begins.filter((e) => e.name.startsWith('attempt'))
    assert.deepEqual(attempts.map((e) => [e.name, e.ts! / 1_000 - T0, e.args!.status]), [['attempt 1', 0, 'error'], ['attempt 2', 12, 'ok']])
  })

  test('writes marks as instant events and names the process after the timeline', () => {
    const instant = trace.traceEvents.find((e) => e.ph === 'i')!
    assert.deepEqual([instant.name, instant.ts, instant.s], ['ok', (T0 + 55) * 1_000, 'p'])
    assert.deepEqual(trace.traceEvents[0], { name: 'process_name', cat: '__metadata', ph: 'M', pid: 1, args: { name: 'deploy / 1234' } })
  })

  test('ends a running step at the time of the export', () => {
    const running = chromeTrace(makeTimeline([span('a', [0, 10]), span('b', [[5]])]), T0 + 40)
    const end = running.traceEvents.find((e) => e.ph === 'e' && e.name === 'b')!
    assert.equal(end.ts, (T0 + 40) * 1_000)
    assertNested(running.traceEvents)
  })
})

/** A parallel build as the collector builds it: `jobs` steps at once under implied directories, one retried step. */
function parallelBuild(steps: number, jobs: number): Timeline {
  let seed = 5
  const random = () => ((seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0) / 2 ** 32)
  const free = Array.from({ length: jobs }, () => 0)
  const messages: Stored[] = []
  const add = (kind: 'start' | 'end', name: string, time: number, status?: string) =>
    messages.push({ kind, context: 'build', timeline: 'b1', name, host: '', time: T0 + time, received: T0 + time, ...(status ? { status } : {}) })
  for (let i = 0; i < steps; i++) {
    const job = free.indexOf(Math.min(...free))
    const start = free[job]!
    const end = start + 5 + Math.floor(random() * 200)
    free[job] = end
    const name = `obj.dir${i % 7}.sub${i % 3}.file${i}_o`
    add('start', name, start)
    add('end', name, end)
  }
  const last = Math.max(...free)
  // a retried top-level step with a child in its second attempt, and a step still running in `link`
  add('start', 'codegen', 0)
  add('end', 'codegen', 50, 'error')
  add('start', 'codegen', 60)
  add('start', 'codegen.proto', 70)
  add('end', 'codegen.proto', 90)
  add('end', 'codegen', 100)
  add('start', 'link.final', last)
  add('start', 'stamp', last + 10)
  add('end', 'stamp', last + 20)
  return buildTimeline({ context: 'build', id: 'b1', created: T0 }, messages)
}

/**
 * On every id, the event a row's begin lies in — the innermost still open — is its parent in upto (or an attempt
 * of it), or none; and every b/e pair nests. Returns how many rows were drawn inside their parent.
 */
function assertInsideParentsOnly(timeline: Timeline, events: TraceEvent[]): number {
  const parents = parentRows(timeline)
  const keyOf = (name: unknown, host: unknown, kind: unknown) => `${String(name)}\u0000${String(host)}\u0000${String(kind)}`
  const rowKey = timeline.rows.map((r) => keyOf(r.name, r.host, r.kind))
  const stacks = new Map<string, string[]>()
  let nested = 0
  assertNested(events)
  for (const e of events) {
    if (e.ph !== 'b' && e.ph !== 'e') continue
    const stack = stacks.get(e.id!) ?? []
    stacks.set(e.id!, stack)
    if (e.ph === 'e') {
      stack.pop()
      continue
    }
    const top = stack[stack.length - 1]
    if (e.args!.attempt !== undefined && e.args!.state !== undefined && e.args!.kind === undefined) {
      stack.push(top!) // an attempt belongs to the row it lies in
      continue
    }
    const index = rowKey.indexOf(keyOf(e.args!.name, e.args!.host, e.args!.kind))
    const parent = parents[index]
    if (top !== undefined) {
      assert.equal(top, parent === undefined ? undefined : rowKey[parent], `${String(e.args!.name)} is drawn inside its parent only`)
      nested++
    }
    stack.push(rowKey[index]!)
  }
  return nested
}

describe('the Chrome trace export of a parallel build', () => {
  const timeline = parallelBuild(3_015, 24)
  const trace = chromeTrace(timeline, T0 + 10 * 60_000)

  test('draws every row inside its parent and nothing else, on every id, with every b/e pair nested', () => {
    const nested = assertInsideParentsOnly(timeline, trace.traceEvents)
    const children = parentRows(timeline).filter((p) => p !== undefined).length
    assert.ok(nested > children * 0.3, `${nested} of ${children} rows with a parent drawn inside it`)
  })

  test('never puts steps that run at once on one id, unless one is inside the other', () => {
    const byId = new Map<string, { from: number; to: number }[]>()
    const open = new Map<string, { from: number }[]>()
    for (const e of trace.traceEvents) {
      if (e.ph === 'b') open.set(e.id!, [...(open.get(e.id!) ?? []), { from: e.ts! }])
      if (e.ph === 'e') {
        const begun = open.get(e.id!)!.pop()!
        byId.set(e.id!, [...(byId.get(e.id!) ?? []), { from: begun.from, to: e.ts! }])
      }
    }
    for (const [id, spans] of byId) {
      for (const a of spans) {
        for (const b of spans) {
          const overlap = a.from < b.to && b.from < a.to
          const nestedIn = (x: typeof a, y: typeof a) => y.from <= x.from && x.to <= y.to
          assert.ok(!overlap || nestedIn(a, b) || nestedIn(b, a), `id ${id}: ${a.from}–${a.to} and ${b.from}–${b.to} overlap`)
        }
      }
    }
  })

  test('keeps a running implied ancestor from swallowing the top-level steps that run beside it', () => {
    const link = trace.traceEvents.find((e) => e.ph === 'b' && e.args?.name === 'link')!
    const stamp = trace.traceEvents.find((e) => e.ph === 'b' && e.args?.name === 'stamp')!
    assert.notEqual(link.id, stamp.id)
  })

  test('loads in Chrome DevTools\' trace engine, every step there as a measure of the Timings track', async () => {
    ;(globalThis as { DOMRect?: unknown }).DOMRect ??= class {}
    const Trace = await import('@paulirish/trace_engine/models/trace/trace.js')
    const model = Trace.TraceModel.Model.createWithAllHandlers()
    await model.parse(trace.traceEvents as never)
    const measures = model.parsedTrace()!.data.UserTimings.performanceMeasures
    const drawn = new Set(measures.map((m) => `${m.name} ${m.ts} ${m.dur}`))
    const spans = trace.traceEvents.filter((e) => e.ph === 'b')
    assert.equal(measures.length, spans.length)
    for (const row of timeline.rows.filter((r) => r.kind !== 'mark' && r.end !== undefined && r.end > r.start).slice(0, 500)) {
      const name = row.name.slice(row.name.lastIndexOf('.') + 1)
      assert.ok(drawn.has(`${name} ${Math.round(row.start * 1_000)} ${Math.round((row.end! - row.start) * 1_000)}`), `${row.name} is in the Timings track`)
    }
  })
})
