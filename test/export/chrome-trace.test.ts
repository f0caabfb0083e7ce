import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { chromeTrace, type TraceEvent } from '../../src/export/chrome-trace.ts'
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
    assert.deepEqual(trace.traceEvents[0], { name: 'process_name', cat: 'upto', ph: 'M', pid: 1, args: { name: 'deploy / 1234' } })
  })

  test('ends a running step at the time of the export', () => {
    const running = chromeTrace(makeTimeline([span('a', [0, 10]), span('b', [[5]])]), T0 + 40)
    const end = running.traceEvents.find((e) => e.ph === 'e' && e.name === 'b')!
    assert.equal(end.ts, (T0 + 40) * 1_000)
    assertNested(running.traceEvents)
  })
})
