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

test('whole hours from the ring, loose minutes at the ends, each pair and status once per span', () => {
  const recent = recentBuckets(t0)
  for (const [minute, n] of [[t0 + 5 * MINUTE, 1], [t0 + 50 * MINUTE, 2], [t0 + HOUR + 10 * MINUTE, 4], [t0 + 2 * HOUR + 30 * MINUTE, 8]] as const) recent.add(...count(minute, n))
  recent.add(...count(t0 + HOUR + 20 * MINUTE, 16, { status: 'unexpected_error' }))
  // from t0 + 30 min to t0 + 2 h 40 min: minutes 30–59 of the first hour, the second hour whole, minutes 0–40 of the third
  const rows = recent.totals(1, t0 + 30 * MINUTE, t0 + 2 * HOUR + 40 * MINUTE)
  const ok = rows.filter((r) => r.status === 'ok')
  assert.deepEqual(ok.map((r) => [r.ts - t0, r.n]).sort((x, y) => x[0]! - y[0]!), [[50 * MINUTE, 2], [HOUR, 4], [2 * HOUR + 30 * MINUTE, 8]])
  assert.deepEqual(rows.filter((r) => r.status !== 'ok').map((r) => [r.n, r.last - t0]), [[16, HOUR + 20 * MINUTE]])
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
