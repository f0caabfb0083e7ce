import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { buildTimeline } from '../../src/core/timeline.ts'
import type { Stored } from '../../src/core/types.ts'
import { brief, briefRow, info, msg, permutations, shuffle } from './messages.ts'

describe('building a timeline', () => {
  test('takes its context, id and created time from the timeline info', () => {
    const t = buildTimeline({ context: 'build', id: '1234', created: 7 }, [])
    assert.deepEqual(t, { context: 'build', id: '1234', created: 7, running: false, rows: [] })
  })

  test('new messages create no row', () => {
    const t = buildTimeline(info, [msg('new', '', 5)])
    assert.deepEqual(t.rows, [])
    assert.equal(t.first, undefined)
  })

  test('first is the earliest time, last the latest start or end, and running is false when all ended', () => {
    const t = buildTimeline(info, [msg('start', 'a', 10), msg('end', 'a', 20), msg('end', 'b', 5), msg('mark', 'c', 25)])
    assert.deepEqual([t.first, t.last, t.running], [5, 25, false])
  })

  test('a running timeline knows its latest start as last', () => {
    const t = buildTimeline(info, [msg('start', 'a', 10), msg('end', 'a', 20), msg('start', 'b', 30)])
    assert.deepEqual([t.first, t.last, t.running], [10, 30, true])
  })

  test('sub-millisecond times are kept exactly', () => {
    const start = 1_700_000_000_000.125
    const end = 1_700_000_000_000.375
    const t = buildTimeline(info, [msg('start', 'a.b', start), msg('end', 'a.b', end)])
    assert.deepEqual(t.rows.map((r) => [r.start, r.end]), [[start, end], [start, end]])
    assert.deepEqual([t.first, t.last], [start, end])
  })

  test('times a fraction of a millisecond apart are different events', () => {
    const t = buildTimeline(info, [msg('start', 'a', 10.25), msg('start', 'a', 10.5)])
    assert.deepEqual(t.rows[0]?.attempts.map(brief), ['abandoned 10.25- abandoned', 'running 10.5- running'])
  })

  test('does not change the messages it is given', () => {
    const messages = [msg('end', 'a', 20, { attrs: { k: 'v' } }), msg('start', 'a', 10, { attrs: { k: 'w' } })]
    const copy = structuredClone(messages)
    buildTimeline(info, messages)
    assert.deepEqual(messages, copy)
  })
})

describe('marks', () => {
  test('a mark is an instant row with the mark status, or ok', () => {
    const [row] = buildTimeline(info, [msg('mark', 'deployed', 10, { host: 'web1' })]).rows
    assert.deepEqual(row, { name: 'deployed', host: 'web1', depth: 0, kind: 'mark', start: 10, end: 10, status: 'ok',
      attempts: [{ attempt: 1, start: 10, end: 10, state: 'done', status: 'ok', attrs: {} }], children: [] })
  })

  test('marks of one key are one row with one attempt per mark, by time, the last status winning', () => {
    const messages = [
      msg('mark', 'p', 30, { status: 'error', message: 'bad', attrs: { n: '3' } }),
      msg('mark', 'p', 10, { status: 'processing' }),
      msg('mark', 'p', 20),
    ]
    const [row] = buildTimeline(info, messages).rows
    assert.equal(row && briefRow(row), 'p@ mark 10-30 error')
    assert.deepEqual(row?.attempts, [
      { attempt: 1, start: 10, end: 10, state: 'done', status: 'processing', attrs: {} },
      { attempt: 2, start: 20, end: 20, state: 'done', status: 'ok', attrs: {} },
      { attempt: 3, start: 30, end: 30, state: 'done', status: 'error', message: 'bad', attrs: { n: '3' } },
    ])
  })

  test('a mark repeated with the same id or the same time counts once', () => {
    const messages = [msg('mark', 'p', 10, { id: 'm' }), msg('mark', 'p', 11, { id: 'm' }), msg('mark', 'p', 10, { received: 50 })]
    assert.equal(buildTimeline(info, messages).rows[0]?.attempts.length, 1)
  })

  test('marks never run', () => {
    assert.equal(buildTimeline(info, [msg('mark', 'p', 10)]).running, false)
  })
})

describe('arrival order does not matter', () => {
  const small: Stored[] = [
    msg('start', 'a.b', 10, { received: 1 }),
    msg('end', 'a.b', 20, { received: 2, status: 'error' }),
    msg('start', 'a.b', 30, { received: 3 }),
    msg('end', 'a.b', 40, { received: 4, id: 'e' }),
    msg('end', 'a.b', 41, { received: 5, id: 'e' }),
    msg('start', 'a.c', 15, { received: 6, host: 'web1' }),
  ]

  test('every permutation of a small set of messages gives the same timeline', () => {
    const expected = buildTimeline(info, small)
    assert.deepEqual(expected.rows.map(briefRow), ['a@ implied 10- running', 'a.b@ span 10-40 ok', 'a.c@web1 span 15- running'])
    for (const order of permutations(small)) assert.deepEqual(buildTimeline(info, order), expected)
  })

  test('shuffling a larger set with duplicates gives the same timeline', () => {
    const messages: Stored[] = []
    for (let i = 0; i < 40; i++) {
      const name = `job.step${i % 5}.part${i % 3}`
      const host = `h${i % 2}`
      messages.push(msg('start', name, i * 10, { host, received: 1000 - i }))
      if (i % 7 !== 0) messages.push(msg('end', name, i * 10 + 5, { host, received: 1000 + i, status: i % 4 ? 'ok' : 'error' }))
      if (i % 3 === 0) messages.push(msg('start', name, i * 10, { host, received: 2000 + i }))
      if (i % 11 === 0) messages.push(msg('mark', name, i * 10 + 1, { host }))
    }
    const expected = buildTimeline(info, messages)
    for (let seed = 1; seed <= 50; seed++) assert.deepEqual(buildTimeline(info, shuffle(messages, seed)), expected)
  })

  test('messages that differ only in content at the same instant settle the same way in any order', () => {
    const messages = [msg('end', 'a', 20, { status: 'error' }), msg('end', 'a', 20, { status: 'ok' }), msg('start', 'a', 10)]
    const expected = buildTimeline(info, messages)
    for (const order of permutations(messages)) assert.deepEqual(buildTimeline(info, order), expected)
  })
})
