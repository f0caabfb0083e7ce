import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { buildTimeline } from '../../src/core/timeline.ts'
import type { Attempt, Row, Stored } from '../../src/core/types.ts'
import { brief, info, msg } from './messages.ts'

function rowOf(messages: Stored[], name = 'a', host = ''): Row {
  const row = buildTimeline(info, messages).rows.find((r) => r.name === name && r.host === host && r.kind === 'span')
  assert.ok(row, `no span row ${name}@${host}`)
  return row
}

function attemptsOf(messages: Stored[]): string[] {
  return rowOf(messages).attempts.map(brief)
}

describe('pairing starts and ends of one key', () => {
  const cases: Array<{ name: string, messages: Stored[], attempts: string[] }> = [
    {
      name: 'a start and its end make one done attempt',
      messages: [msg('start', 'a', 10), msg('end', 'a', 20)],
      attempts: ['done 10-20 ok'],
    },
    {
      name: 'an end that arrives before its start still pairs with it',
      messages: [msg('end', 'a', 20, { received: 100 }), msg('start', 'a', 10, { received: 200 })],
      attempts: ['done 10-20 ok'],
    },
    {
      name: 'a start after an end opens a second attempt, so retries stay visible',
      messages: [msg('start', 'a', 10), msg('end', 'a', 20), msg('start', 'a', 30), msg('end', 'a', 40)],
      attempts: ['done 10-20 ok', 'done 30-40 ok'],
    },
    {
      name: 'a start while an attempt is open abandons the open one',
      messages: [msg('start', 'a', 10), msg('start', 'a', 20), msg('end', 'a', 30)],
      attempts: ['abandoned 10- abandoned', 'done 20-30 ok'],
    },
    {
      name: 'a start with no end yet is running',
      messages: [msg('start', 'a', 10)],
      attempts: ['running 10- running'],
    },
    {
      name: 'the last attempt after a retry can be running',
      messages: [msg('start', 'a', 10), msg('end', 'a', 20, { status: 'error' }), msg('start', 'a', 30)],
      attempts: ['done 10-20 error', 'running 30- running'],
    },
    {
      name: 'an end with no start is an orphan, shown rather than dropped',
      messages: [msg('end', 'a', 20)],
      attempts: ['orphan -20 orphan'],
    },
    {
      name: 'a second end after a done attempt is an orphan',
      messages: [msg('start', 'a', 10), msg('end', 'a', 20), msg('end', 'a', 25)],
      attempts: ['done 10-20 ok', 'orphan -25 orphan'],
    },
    {
      name: 'an end earlier in event time than its start is an orphan, and the start runs',
      messages: [msg('start', 'a', 20, { received: 1 }), msg('end', 'a', 10, { received: 2 })],
      attempts: ['orphan -10 orphan', 'running 20- running'],
    },
    {
      name: 'a start and an end at the same instant make a zero-length attempt',
      messages: [msg('end', 'a', 10, { received: 1 }), msg('start', 'a', 10, { received: 2 })],
      attempts: ['done 10-10 ok'],
    },
    {
      name: 'an end and a start at the instant an attempt is open close it and open the next',
      messages: [msg('start', 'a', 5), msg('start', 'a', 10, { received: 1 }), msg('end', 'a', 10, { received: 2 })],
      attempts: ['done 5-10 ok', 'running 10- running'],
    },
    {
      name: 'events on another host do not pair with this one',
      messages: [msg('start', 'a', 10), msg('end', 'a', 20, { host: 'web1' })],
      attempts: ['running 10- running'],
    },
  ]
  for (const c of cases) {
    test(c.name, () => assert.deepEqual(attemptsOf(c.messages), c.attempts))
  }

  test('attempts are numbered from 1 in time order', () => {
    const messages = [msg('start', 'a', 30), msg('end', 'a', 5), msg('start', 'a', 10), msg('start', 'a', 20)]
    assert.deepEqual(rowOf(messages).attempts.map((a) => a.attempt), [1, 2, 3, 4])
  })
})

describe('duplicated messages count once', () => {
  const cases: Array<{ name: string, messages: Stored[], attempts: string[] }> = [
    {
      name: 'a start repeated with the same id opens one attempt, even stamped at another time',
      messages: [msg('start', 'a', 10, { id: 's' }), msg('start', 'a', 12, { id: 's' }), msg('end', 'a', 20)],
      attempts: ['done 10-20 ok'],
    },
    {
      name: 'an end repeated with the same id makes no orphan',
      messages: [msg('start', 'a', 10), msg('end', 'a', 20, { id: 'e' }), msg('end', 'a', 21, { id: 'e' })],
      attempts: ['done 10-20 ok'],
    },
    {
      name: 'an identical start received twice opens one attempt',
      messages: [msg('start', 'a', 10, { received: 10 }), msg('start', 'a', 10, { received: 11 })],
      attempts: ['running 10- running'],
    },
    {
      name: 'an identical end received twice makes no orphan',
      messages: [msg('start', 'a', 10), msg('end', 'a', 20, { received: 30 }), msg('end', 'a', 20, { received: 31 })],
      attempts: ['done 10-20 ok'],
    },
    {
      name: 'starts and ends at one instant count once even with different ids',
      messages: [
        msg('start', 'a', 10, { id: 's1' }), msg('start', 'a', 10, { id: 's2' }),
        msg('end', 'a', 10, { id: 'e1' }), msg('end', 'a', 10, { id: 'e2' }),
      ],
      attempts: ['done 10-10 ok'],
    },
    {
      name: 'a start and an end that share an id are both kept',
      messages: [msg('start', 'a', 10, { id: 'x' }), msg('end', 'a', 20, { id: 'x' })],
      attempts: ['done 10-20 ok'],
    },
  ]
  for (const c of cases) {
    test(c.name, () => assert.deepEqual(attemptsOf(c.messages), c.attempts))
  }

  test('the same id on two hosts is two messages', () => {
    const messages = [msg('start', 'a', 10, { id: 'x' }), msg('start', 'a', 10, { id: 'x', host: 'web1' })]
    assert.deepEqual(buildTimeline(info, messages).rows.map((r) => r.host), ['', 'web1'])
  })
})

describe('status, message and attrs', () => {
  const cases: Array<{ name: string, messages: Stored[], attempt: Omit<Attempt, 'attempt'> }> = [
    {
      name: 'a done attempt without a status is ok',
      messages: [msg('start', 'a', 10), msg('end', 'a', 20)],
      attempt: { start: 10, end: 20, state: 'done', status: 'ok', attrs: {} },
    },
    {
      name: 'the end status is the attempt status, any word',
      messages: [msg('start', 'a', 10), msg('end', 'a', 20, { status: 'skipped' })],
      attempt: { start: 10, end: 20, state: 'done', status: 'skipped', attrs: {} },
    },
    {
      name: 'the end message wins over the start message, and end attrs merge over start attrs',
      messages: [
        msg('start', 'a', 10, { message: 'go', attrs: { v: '1', who: 'ci' } }),
        msg('end', 'a', 20, { status: 'error', message: 'exit 2', attrs: { v: '2', code: '2' } }),
      ],
      attempt: { start: 10, end: 20, state: 'done', status: 'error', message: 'exit 2', attrs: { v: '2', who: 'ci', code: '2' } },
    },
    {
      name: 'the start message is kept when the end has none',
      messages: [msg('start', 'a', 10, { message: 'go' }), msg('end', 'a', 20)],
      attempt: { start: 10, end: 20, state: 'done', status: 'ok', message: 'go', attrs: {} },
    },
    {
      name: 'a running attempt carries the start message and attrs',
      messages: [msg('start', 'a', 10, { message: 'go', attrs: { v: '1' } })],
      attempt: { start: 10, state: 'running', status: 'running', message: 'go', attrs: { v: '1' } },
    },
    {
      name: 'an orphan keeps the end message and attrs, but its status stays orphan',
      messages: [msg('end', 'a', 20, { status: 'error', message: 'boom', attrs: { code: '1' } })],
      attempt: { end: 20, state: 'orphan', status: 'orphan', message: 'boom', attrs: { code: '1' } },
    },
  ]
  for (const c of cases) {
    test(c.name, () => assert.deepEqual(rowOf(c.messages).attempts, [{ attempt: 1, ...c.attempt }]))
  }
})

describe('a span row', () => {
  const cases: Array<{ name: string, messages: Stored[], row: Pick<Row, 'start' | 'end' | 'status'> }> = [
    {
      name: 'spans from its first start to its last end, with the last attempt status',
      messages: [msg('start', 'a', 10), msg('end', 'a', 20, { status: 'error' }), msg('start', 'a', 30), msg('end', 'a', 40)],
      row: { start: 10, end: 40, status: 'ok' },
    },
    {
      name: 'has no end while its last attempt runs',
      messages: [msg('start', 'a', 10), msg('end', 'a', 20), msg('start', 'a', 30)],
      row: { start: 10, end: undefined, status: 'running' },
    },
    {
      name: 'starts at an abandoned start',
      messages: [msg('start', 'a', 10), msg('start', 'a', 15), msg('end', 'a', 20)],
      row: { start: 10, end: 20, status: 'ok' },
    },
    {
      name: 'made of an orphan only starts and ends at the orphan end',
      messages: [msg('end', 'a', 20)],
      row: { start: 20, end: 20, status: 'orphan' },
    },
    {
      name: 'starts at an orphan end earlier than any start',
      messages: [msg('end', 'a', 5), msg('start', 'a', 10), msg('end', 'a', 20)],
      row: { start: 5, end: 20, status: 'ok' },
    },
  ]
  for (const c of cases) {
    test(c.name, () => {
      const { start, end, status } = rowOf(c.messages)
      assert.deepEqual({ start, end, status }, c.row)
    })
  }
})
