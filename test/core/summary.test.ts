import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { outcomeNote, summarize } from '../../src/core/summary.ts'
import { buildTimeline } from '../../src/core/timeline.ts'
import type { Stored, TimelineSummary } from '../../src/core/types.ts'
import { info, msg } from './messages.ts'

type Line = Omit<TimelineSummary, 'context' | 'id' | 'created'>

describe('summarizing a timeline', () => {
  const cases: Array<{ name: string, messages: Stored[], now?: number, line: Line }> = [
    {
      name: 'a timeline with no event is empty',
      messages: [msg('new', '', 5)],
      line: { status: 'empty', events: 0, errors: 0, retried: 0, running: false },
    },
    {
      name: 'a finished timeline lasts from its first to its last time and is ok',
      messages: [msg('start', 'a.b', 10), msg('end', 'a.b', 20), msg('start', 'a.c', 15), msg('end', 'a.c', 30)],
      line: { start: 10, end: 30, duration: 20, status: 'ok', events: 2, errors: 0, retried: 0, running: false },
    },
    {
      name: 'a running timeline has no end and lasts until now',
      messages: [msg('start', 'a', 10), msg('end', 'a', 20), msg('start', 'b', 30)],
      now: 100,
      line: { start: 10, duration: 90, status: 'running', events: 2, errors: 0, retried: 0, running: true },
    },
    {
      name: 'a running timeline lasts at least until its latest time when the clock is behind',
      messages: [msg('start', 'a', 10), msg('start', 'b', 30)],
      now: 20,
      line: { start: 10, duration: 20, status: 'running', events: 2, errors: 0, retried: 0, running: true },
    },
    {
      name: 'running wins over error',
      messages: [msg('start', 'a', 10), msg('end', 'a', 20, { status: 'error' }), msg('start', 'b', 30)],
      now: 40,
      line: { start: 10, duration: 30, status: 'running', events: 2, errors: 1, failed: 'a', retried: 0, running: true },
    },
    {
      name: 'a row whose last attempt failed makes the timeline an error, counted once per row',
      messages: [msg('start', 'a', 10), msg('end', 'a', 20, { status: 'error' }), msg('start', 'b.c', 10),
        msg('end', 'b.c', 20, { status: 'error' })],
      line: { start: 10, end: 20, duration: 10, status: 'error', events: 2, errors: 2, failed: 'a', retried: 0, running: false },
    },
    {
      name: 'a failed attempt fixed by a retry is not an error, and is counted as retried',
      messages: [msg('start', 'a', 10), msg('end', 'a', 20, { status: 'error' }), msg('start', 'a', 30), msg('end', 'a', 40)],
      line: { start: 10, end: 40, duration: 30, status: 'ok', events: 1, errors: 0, retried: 1, running: false },
    },
    {
      name: 'a failed mark is an error',
      messages: [msg('mark', 'p', 10, { status: 'error' })],
      line: { start: 10, end: 10, duration: 0, status: 'error', events: 1, errors: 1, failed: 'p', retried: 0, running: false },
    },
    {
      name: 'error wins over orphan',
      messages: [msg('end', 'a', 5), msg('start', 'b', 10), msg('end', 'b', 20, { status: 'error' })],
      line: { start: 5, end: 20, duration: 15, status: 'error', events: 2, errors: 1, failed: 'b', retried: 0, running: false },
    },
    {
      name: 'an end that never found its start makes the timeline orphan',
      messages: [msg('end', 'a', 5), msg('start', 'b', 10), msg('end', 'b', 20)],
      line: { start: 5, end: 20, duration: 15, status: 'orphan', events: 2, errors: 0, retried: 0, running: false },
    },
    {
      name: 'an orphan stays visible after a later attempt of the same key',
      messages: [msg('end', 'a', 5), msg('start', 'a', 10), msg('end', 'a', 20)],
      line: { start: 5, end: 20, duration: 15, status: 'orphan', events: 1, errors: 0, retried: 1, running: false },
    },
    {
      name: 'events count spans and marks on every host, not implied ancestors',
      messages: [msg('start', 'x.a', 10), msg('end', 'x.a', 20), msg('start', 'x.a', 10, { host: 'web1' }),
        msg('end', 'x.a', 20, { host: 'web1' }), msg('mark', 'x.m', 15)],
      line: { start: 10, end: 20, duration: 10, status: 'ok', events: 3, errors: 0, retried: 0, running: false },
    },
  ]
  cases.push({
    name: "the README's first run: web2 failed and is running again, a retry, not yet a failure",
    messages: [msg('start', 'app.restart', 10, { host: 'web2' }), msg('end', 'app.restart', 20, { host: 'web2', status: 'error' }),
      msg('start', 'app.restart', 30, { host: 'web2' })],
    now: 40,
    line: { start: 10, duration: 30, status: 'running', events: 1, errors: 0, retried: 1, running: true },
  })
  for (const c of cases) {
    test(c.name, () => {
      const summary = summarize(buildTimeline(info, c.messages), c.now ?? 1_000)
      assert.deepEqual(summary, { context: info.context, id: info.id, created: info.created, ...c.line })
    })
  }
})

test('the note of a run names what failed and counts what was retried', () => {
  assert.equal(outcomeNote({ errors: 0, retried: 0 }), '')
  assert.equal(outcomeNote({ errors: 0, retried: 2 }), '2 retried')
  assert.equal(outcomeNote({ errors: 1, failed: 'test.unit', retried: 0 }), '1 failed (test.unit)')
  assert.equal(outcomeNote({ errors: 3, failed: 'test.unit', retried: 1 }), '3 failed (test.unit first), 1 retried')
})
