import assert from 'node:assert/strict'
import { test } from 'node:test'
import { pickRuns, type RunRef } from '../../src/core/pick-runs.ts'

// newest first: r6 running, r5 the newest finished, r4 failed, r3 and r2 passed, r1 failed
const list: RunRef[] = [
  { id: 'r6', running: true, failed: false },
  { id: 'r5', running: false, failed: false },
  { id: 'r4', running: false, failed: true },
  { id: 'r3', running: false, failed: false },
  { id: 'r2', running: false, failed: false },
  { id: 'r1', running: false, failed: true },
]

test('compares with the finished successful runs before the target, naming the failed ones it left out', () => {
  assert.deepEqual(pickRuns(list, 'ci', 'r5', 2), { target: 'r5', before: ['r3', 'r2'], leftOut: ['r4'], spread: ['r3', 'r2'] })
  assert.deepEqual(pickRuns(list, 'ci', 'r5', 1), { target: 'r5', before: ['r3'], leftOut: ['r4'], spread: ['r3', 'r2'] })
})

test('takes the newest run as the target when none is named, running or not', () => {
  assert.deepEqual(pickRuns(list, 'ci', undefined, 1), { target: 'r6', before: ['r5'], leftOut: [], spread: ['r5', 'r3', 'r2'] })
})

test('says so when no successful run comes before the target', () => {
  assert.deepEqual(pickRuns(list, 'ci', 'r2', 1), { problem: '"ci" has no successful finished run before r2 (1 failed): nothing to compare it with' })
  assert.deepEqual(pickRuns(list.slice(0, 1), 'ci', 'r6', 1), { problem: '"ci" has no finished run before r6: nothing to compare it with' })
})

test('names the closest ids of a target it does not know', () => {
  assert.deepEqual(pickRuns(list, 'ci', 'r7', 1), { problem: 'timeline "r7" is not among the newest 6 of "ci": name both runs (did you mean "r1", "r2" or "r3"?)' })
})
