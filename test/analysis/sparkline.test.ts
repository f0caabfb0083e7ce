import assert from 'node:assert/strict'
import { test } from 'node:test'
import { sparkline } from '../../src/facets/analysis/sparkline.ts'

test('draws lowest ▁ to highest █, a space where a value is missing', () => {
  assert.equal(sparkline([10, undefined, 80, 45]), '▁ █▅')
})

test('marks a failure × and leaves it out of the scale', () => {
  // without the failed 1, 10 and 80 are the ends of the scale
  assert.equal(sparkline([10, 1, 80], [false, true, false]), '▁×█')
  assert.equal(sparkline([undefined, 5], [false, true]), ' ×')
})
