import assert from 'node:assert/strict'
import { test } from 'node:test'
import { profileOf } from '../../src/facets/analysis/model/run-profile.ts'
import { stepHistory } from '../../src/facets/analysis/model/step-history.ts'
import { T0, makeTimeline, span } from '../render/make-timeline.ts'

const s = 1_000
const NOW = T0 + 1_000 * s

/** Five runs, oldest first: build takes 10, 20, 30, 40, 50 s after a 5 s checkout; lint only in the first two. */
function runs() {
  return [10, 20, 30, 40, 50].map((build, i) =>
    profileOf(makeTimeline([
      span('checkout', [0, 5 * s]),
      span('build', [5 * s, (5 + build) * s]),
      ...(i < 2 ? [span('build.lint', [5 * s, 7 * s])] : []),
    ], { id: `r${i + 1}` }), NOW))
}

test('gives count, p50, p90 and last per step, and flags a last run above p90', () => {
  const h = stepHistory(runs())
  assert.deepEqual(h.runs, ['r1', 'r2', 'r3', 'r4', 'r5'])
  const build = h.steps.find((x) => x.name === 'build')!
  // sorted 10 20 30 40 50: p50 = 30; p90 at rank 3.6 = 40 + 0.6 × 10 = 46; last 50 > 46
  assert.deepEqual([build.count, build.p50, build.p90, build.last, build.slow], [5, 30 * s, 46 * s, 50 * s, true])
  assert.deepEqual(build.values, [10 * s, 20 * s, 30 * s, 40 * s, 50 * s])
  const checkout = h.steps.find((x) => x.name === 'checkout')!
  assert.deepEqual([checkout.p50, checkout.p90, checkout.last, checkout.slow], [5 * s, 5 * s, 5 * s, false])
})

test('gives the whole run as the total line', () => {
  const { total } = stepHistory(runs())
  // totals 15 25 35 45 55: p50 35, p90 = 45 + 0.6 × 10 = 51, last 55
  assert.deepEqual([total.count, total.p50, total.p90, total.last, total.slow], [5, 35 * s, 51 * s, 55 * s, true])
})

test('counts only the runs a step ran in, and has no last when the newest did not run it', () => {
  const lint = stepHistory(runs()).steps.find((x) => x.name === 'build.lint')!
  assert.deepEqual([lint.count, lint.p50, lint.last, lint.slow], [2, 2 * s, undefined, false])
  assert.deepEqual(lint.values, [2 * s, 2 * s, undefined, undefined, undefined])
})

test('with a step, keeps that step and the steps under it', () => {
  assert.deepEqual(stepHistory(runs(), { step: 'build' }).steps.map((x) => x.name), ['build', 'build.lint'])
})

/** Four runs, oldest first: build 10, 20, 30 s; the third failed at build after 2 s, the fourth retried build. */
function withFailures() {
  const tries: Array<Parameters<typeof span>[1]> = [[5 * s, 15 * s], [5 * s, 25 * s], [5 * s, 7 * s, 'error'], [[5 * s, 6 * s, 'error'], [6 * s, 35 * s]]]
  return tries.map((build, i) => profileOf(makeTimeline([span('checkout', [0, 5 * s]), span('build', build)], { id: `f${i + 1}` }), NOW))
}

test('leaves failed runs out of p50 and p90, and counts them beside as failures', () => {
  const h = stepHistory(withFailures())
  assert.deepEqual(h.failed, [false, false, true, false])
  const build = h.steps.find((x) => x.name === 'build')!
  // the successful runs' builds are 10, 20 and 30 s (f4's second attempt ran 6–35: 30 s from its first start)
  assert.deepEqual([build.ran, build.count, build.p50, build.p90, build.failures, build.retries], [4, 3, 20 * s, 28 * s, 1, 1])
  assert.deepEqual([build.failureRate, build.retryRate], [0.25, 0.25])
  assert.deepEqual(build.values, [10 * s, 20 * s, 2 * s, 30 * s], 'the trend shows every run, failed ones too')
  assert.deepEqual(build.failedIn, [false, false, true, false])
  assert.deepEqual(h.steps.find((x) => x.name === 'checkout')!.failedIn, [false, false, false, false])
  // totals of the successful runs: 15, 25, 35 s
  assert.deepEqual([h.total.count, h.total.p50, h.total.failures, h.total.retries], [3, 25 * s, 1, 1])
})

test('gives p10 too, for the spread compare speaks of', () => {
  const build = stepHistory(runs()).steps.find((x) => x.name === 'build')!
  assert.equal(build.p10, 14 * s) // rank 0.4: 10 + 0.4 × 10
})
