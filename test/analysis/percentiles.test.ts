import assert from 'node:assert/strict'
import { test } from 'node:test'
import { median, percentile } from '../../src/core/percentiles.ts'

test('p50 of an odd count is the middle value, in any order', () => {
  assert.equal(percentile([50, 10, 40, 20, 30], 50), 30)
})

test('p90 interpolates between the closest ranks: rank (5 − 1) × 0.9 = 3.6 → 40 + 0.6 × (50 − 40) = 46', () => {
  assert.equal(percentile([10, 20, 30, 40, 50], 90), 46)
})

test('the median of an even count is the mean of the two middle values', () => {
  assert.equal(median([4, 1, 3, 2]), 2.5)
})

test('p0 and p100 are the least and the greatest; one value is every percentile', () => {
  assert.equal(percentile([3, 9, 1], 0), 1)
  assert.equal(percentile([3, 9, 1], 100), 9)
  assert.equal(percentile([7], 90), 7)
})

test('no values have no percentile', () => {
  assert.equal(percentile([], 50), undefined)
})
