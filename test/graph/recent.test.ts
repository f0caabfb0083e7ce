// The last day of counts in memory (model/recent.ts): sums as the buckets would give, hours leaving the ring as
// new ones come, and windows it no longer covers left to the store.

import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { BucketSum } from '../../src/facets/graph/model/merge.ts'
import { RECENT_HOURS, recentBuckets } from '../../src/facets/graph/model/recent.ts'
import { HOUR, MINUTE } from '../../src/facets/graph/model/types.ts'

const t0 = Date.UTC(2026, 11, 2, 12, 0, 0)
const sum = (ts: number, n: number, extra: Partial<BucketSum> = {}): BucketSum =>
  ({ projectId: 1, ts, from: 'a', to: 'b', status: 'ok', n, last: ts, ...extra })
/** Adds a minute's count and the same count to its hour, as a durable batch does. */
const count = (minute: number, n: number, extra: Partial<BucketSum> = {}) =>
  [[sum(minute, n, extra)], [sum(Math.floor(minute / HOUR) * HOUR, n, { ...extra, last: minute })]] as const

test('whole hours from the ring, loose minutes at the ends, one row per pair and status', () => {
  const recent = recentBuckets(t0)
  for (const [minute, n] of [[t0 + 5 * MINUTE, 1], [t0 + 50 * MINUTE, 2], [t0 + HOUR + 10 * MINUTE, 4], [t0 + 2 * HOUR + 30 * MINUTE, 8]] as const) recent.add(...count(minute, n))
  recent.add(...count(t0 + HOUR + 20 * MINUTE, 16, { status: 'unexpected_error' }))
  // from t0 + 30 min to t0 + 2 h 40 min: minutes 30–59 of the first hour, the second hour whole, minutes 0–40 of the third
  const rows = recent.totals(1, t0 + 30 * MINUTE, t0 + 2 * HOUR + 40 * MINUTE)
  // minute 5 is before the window; 2 + 4 + 8 within it, the newest at 2 h 30 min
  assert.deepEqual(rows.filter((r) => r.status === 'ok').map((r) => [r.n, r.last - t0]), [[2 + 4 + 8, 2 * HOUR + 30 * MINUTE]])
  assert.deepEqual(rows.filter((r) => r.status !== 'ok').map((r) => [r.n, r.last - t0]), [[16, HOUR + 20 * MINUTE]])
  // a minute counted late, before the newest: in order, and summed where it falls
  recent.add([sum(t0 + 45 * MINUTE, 32)], [sum(t0, 32, { last: t0 + 45 * MINUTE })])
  recent.add([sum(t0 + 50 * MINUTE, 64)], [sum(t0, 64, { last: t0 + 50 * MINUTE })])
  assert.deepEqual(recent.totals(1, t0 + 46 * MINUTE, t0 + 55 * MINUTE).map((r) => r.n), [2 + 64])
  assert.deepEqual(recent.totals(1, t0 + 40 * MINUTE, t0 + 50 * MINUTE).map((r) => r.n), [32 + 2 + 64])
  assert.deepEqual(recent.totals(2, t0, t0 + HOUR), [], 'a project it never saw')
})

test('a new hour pushes the oldest out of the ring: windows from before it are the store\'s', () => {
  const recent = recentBuckets(t0)
  recent.add(...count(t0 + 5 * MINUTE, 1))
  assert.equal(recent.covers(t0), true)
  const later = t0 + RECENT_HOURS * HOUR // takes the slot t0 had
  recent.add(...count(later + 5 * MINUTE, 2))
  assert.equal(recent.covers(t0), false)
  assert.equal(recent.covers(t0 + HOUR), true)
  const all = recent.totals(1, t0 + HOUR, later + HOUR)
  assert.deepEqual(all.map((r) => r.n), [2], 'the old count is gone from its slot, the new one is there once')
  recent.add(...count(t0 + 10 * MINUTE, 4)) // late, and older than what is covered: the store has it
  assert.deepEqual(recent.totals(1, t0 + HOUR, later + HOUR).map((r) => r.n), [2])
  recent.dropBefore(t0 + 3 * HOUR + 1)
  assert.equal(recent.covers(t0 + 3 * HOUR), false, 'retention moved what is covered')
  assert.equal(recent.covers(t0 + 4 * HOUR), true)
})

test('a count that comes after its minute closed is summed with the one before', () => {
  const recent = recentBuckets(t0)
  recent.add(...count(t0 + 5 * MINUTE, 1))
  recent.add(...count(t0 + 5 * MINUTE, 2)) // while open: the same entry
  recent.add(...count(t0 + 2 * HOUR, 4)) // the newest minute moves on: minute 5 closes
  recent.add(...count(t0 + 5 * MINUTE, 8)) // late
  assert.deepEqual(recent.totals(1, t0, t0 + 30 * MINUTE).map((r) => [r.n, r.last - t0]), [[1 + 2 + 8, 5 * MINUTE]])
  assert.deepEqual(recent.totals(1, t0, t0 + 2 * HOUR + 30 * MINUTE).map((r) => r.n), [1 + 2 + 8 + 4])
})

test('rows come in pair order (from, then to) whatever order the series were first seen in', () => {
  const recent = recentBuckets(t0)
  for (const [from, to] of [['c', 'a'], ['a', 'c'], ['b', 'z'], ['a', 'b'], ['c', 'a']] as const) recent.add(...count(t0 + 5 * MINUTE, 1, { from, to }))
  recent.add(...count(t0 + 6 * MINUTE, 1, { from: 'a', to: 'b', status: 'expected_error' }))
  assert.deepEqual(recent.totals(1, t0, t0 + HOUR).map((r) => `${r.from}${r.to} ${r.status} ${r.n}`),
    ['ab expected_error 1', 'ab ok 1', 'ac ok 1', 'bz ok 1', 'ca ok 2'])
  recent.add(...count(t0 + 7 * MINUTE, 1, { from: 'a', to: 'a' })) // a series seen later takes its place too
  assert.deepEqual(recent.totals(1, t0, t0 + HOUR).map((r) => `${r.from}${r.to}`), ['aa', 'ab', 'ab', 'ac', 'bz', 'ca'])
})
