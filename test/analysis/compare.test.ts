import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { compareRuns, signed } from '../../src/facets/analysis/model/compare.ts'
import { medianProfile, profileOf } from '../../src/facets/analysis/model/run-profile.ts'
import { spreadsOf } from '../../src/facets/analysis/model/step-spread.ts'
import { T0, implied, makeTimeline, span } from '../render/make-timeline.ts'

const s = 1_000
const NOW = T0 + 1_000 * s

// A: checkout 0–10, build 10–40 on ci-1, then unit 40–70 and lint 40–50 in parallel. Total 70 s, no waiting.
// Critical: checkout 10, build 30, unit 30 (lint ends first).
const runA = makeTimeline([
  span('checkout', [0, 10 * s]),
  span('build', [10 * s, 40 * s], { host: 'ci-1' }),
  implied('test', 40 * s, 70 * s),
  span('test.unit', [40 * s, 70 * s]),
  span('test.lint', [40 * s, 50 * s]),
], { id: 'A' })

// B: checkout 0–10, waits 5 s, build 15–60 on ci-2, unit 60–85 (retried), lint 60–100, then a new deploy 100–105.
// Critical: checkout 10, build 45, lint 40, deploy 5, waiting 5; unit 0. Total 105 s.
const runB = makeTimeline([
  span('checkout', [0, 10 * s]),
  span('build', [15 * s, 60 * s], { host: 'ci-2' }),
  implied('test', 60 * s, 100 * s),
  span('test.unit', [[60 * s, 70 * s, 'error'], [72 * s, 85 * s]]),
  span('test.lint', [60 * s, 100 * s]),
  span('deploy', [100 * s, 105 * s]),
], { id: 'B' })

describe('comparing two runs', () => {
  const result = compareRuns(profileOf(runA, NOW), profileOf(runB, NOW))
  const byName = new Map(result.steps.map((c) => [c.name, c]))

  test('gives the change of the total and of the waiting', () => {
    assert.equal(result.delta, 35 * s)
    assert.equal(result.waitingAdded, 5 * s)
  })

  test('gives each step its durations and the difference', () => {
    const rows = result.steps.map((c) => [c.name, c.a?.duration, c.b?.duration, c.delta])
    assert.deepEqual(rows, [
      ['test.lint', 10 * s, 40 * s, 30 * s],
      ['build', 30 * s, 45 * s, 15 * s],
      ['deploy', undefined, 5 * s, undefined],
      ['test', 30 * s, 40 * s, 10 * s],
      ['checkout', 10 * s, 10 * s, 0],
      ['test.unit', 30 * s, 25 * s, -5 * s],
    ])
  })

  test('sorts by what each step added to the total on the critical path; additions and waiting sum to the change', () => {
    assert.deepEqual(result.steps.map((c) => [c.name, c.added]), [
      ['test.lint', 40 * s], // off the path in A (0), 40 s on it in B
      ['build', 15 * s], // 30 → 45
      ['deploy', 5 * s], // new
      ['test', 0], // implied: its children carry its time
      ['checkout', 0],
      ['test.unit', -30 * s], // 30 on the path in A, off it in B
    ])
    const sum = result.steps.reduce((total, c) => total + c.added, 0) + result.waitingAdded
    assert.equal(sum, result.delta)
  })

  test('names steps that appeared, changed host, or changed attempts', () => {
    assert.equal(byName.get('deploy')!.appeared, true)
    assert.equal(byName.get('build')!.hostsChanged, true)
    assert.equal(byName.get('test.unit')!.attemptsChanged, true)
    assert.equal(byName.get('checkout')!.hostsChanged || byName.get('checkout')!.attemptsChanged, false)
  })

  test('names a step that disappeared', () => {
    const back = compareRuns(profileOf(runB, NOW), profileOf(runA, NOW))
    const gone = back.steps.find((c) => c.name === 'deploy')!
    assert.equal(gone.disappeared, true)
    assert.equal(gone.added, -5 * s)
  })

  test('says in one line what made it slower: the largest additions until they explain 80% of the change', () => {
    // 35 s on 70 s is +50%; lint's 40 s alone explains more than 80% of it.
    assert.equal(result.verdict, 'B is 35.0s slower than A (+50%): test.lint +40.0s')
  })

  test('says what made it faster, in the other direction', () => {
    const back = compareRuns(profileOf(runB, NOW), profileOf(runA, NOW))
    assert.equal(back.delta, -35 * s)
    // −35 s: lint −40 s explains 80% at once
    assert.equal(back.verdict, 'A is 35.0s faster than B (−33%): test.lint −40.0s')
  })

  test('calls a difference within 1% of the total about the same', () => {
    const again = makeTimeline([span('checkout', [0, 10 * s]), span('build', [10 * s, 40.5 * s])], { id: 'C' })
    const base = makeTimeline([span('checkout', [0, 10 * s]), span('build', [10 * s, 40.3 * s])], { id: 'D' })
    assert.equal(compareRuns(profileOf(base, NOW), profileOf(again, NOW)).verdict, 'C took about as long as D (+200ms)')
  })

  test('gives no verdict while a run is still running', () => {
    const running = makeTimeline([span('build', [[0]])], { id: 'R' })
    const c = compareRuns(profileOf(runA, NOW), profileOf(running, NOW))
    assert.equal(c.delta, undefined)
    assert.equal(c.verdict, 'R is still running: no verdict yet')
  })
})

describe('a baseline', () => {
  test('is the median of the runs, step by step', () => {
    const runs = [10, 30, 20].map((build, i) =>
      makeTimeline([span('checkout', [0, 5 * s]), span('build', [5 * s, (5 + build) * s])], { id: `r${i}` }))
    const base = medianProfile(runs.map((t) => profileOf(t, NOW)))
    assert.equal(base.label, 'median of 3')
    assert.deepEqual(base.ids, ['r0', 'r1', 'r2'])
    assert.equal(base.total, 25 * s) // totals 15, 35, 25
    assert.equal(base.steps.find((x) => x.name === 'build')!.duration, 20 * s)
    assert.equal(base.steps.find((x) => x.name === 'build')!.critical, 20 * s)
  })
})

test('signed durations read +, − and ±', () => {
  assert.deepEqual([signed(1_500), signed(-300), signed(0)], ['+1.50s', '−300ms', '±0ms'])
})

describe('a newer run that failed', () => {
  // A passes: checkout 0–10 s, e2e 10–130 s. B fails in e2e 65 s after its start, and stops there.
  const passed = makeTimeline([span('checkout', [0, 10 * s]), span('e2e', [10 * s, 130 * s])], { id: 'A' })
  const failed = makeTimeline([span('checkout', [0, 10 * s]), span('e2e', [10 * s, 65 * s, 'error'])], { id: 'B' })

  test('is said to have failed, where and when, not to be faster', () => {
    const c = compareRuns(profileOf(passed, NOW), profileOf(failed, NOW))
    assert.equal(c.verdict, 'B failed at e2e after 1m05s (A passed in 2m10s)')
    assert.deepEqual(c.b.failed, { step: 'e2e', after: 65 * s })
  })

  test('and an older run that failed is no yardstick either', () => {
    const c = compareRuns(profileOf(failed, NOW), profileOf(passed, NOW))
    assert.equal(c.verdict, 'A passed in 2m10s; B failed at e2e after 1m05s, so their times do not compare')
  })

  test('a step that failed once and then passed leaves the run passed', () => {
    const retried = makeTimeline([span('e2e', [[0, 5 * s, 'error'], [6 * s, 20 * s]])], { id: 'C' })
    assert.equal(profileOf(retried, NOW).failed, undefined)
  })
})

describe('the usual spread of a step', () => {
  // Eight earlier runs: build 20 s to 27 s (p10 20.7 s, p90 26.3 s), checkout always 10 s.
  const earlier = [20, 21, 22, 23, 24, 25, 26, 27].map((build, i) =>
    profileOf(makeTimeline([span('checkout', [0, 10 * s]), span('build', [10 * s, (10 + build) * s])], { id: `e${i}` }), NOW))
  const spread = spreadsOf(earlier)

  test('is p10, p50 and p90 of its durations', () => {
    const build = spread.get('build')!
    assert.deepEqual([build.count, build.p10, build.p50, build.p90], [8, 20.7 * s, 23.5 * s, 26.3 * s])
  })

  test('says a change within it is within p10–p90, and one beyond it how far', () => {
    const usual = makeTimeline([span('checkout', [0, 10 * s]), span('build', [10 * s, 33 * s])], { id: 'U' })
    const slow = makeTimeline([span('checkout', [0, 10 * s]), span('build', [10 * s, 168 * s])], { id: 'S' })
    const c = compareRuns(earlier[7]!, profileOf(usual, NOW), { spread })
    const build = c.steps.find((x) => x.name === 'build')!
    assert.equal(build.usual, 'within p10–p90')
    assert.deepEqual([signed(build.delta!), build.usual, build.beyond], ['−4.00s', 'within p10–p90', false])
    const far = compareRuns(earlier[7]!, profileOf(slow, NOW), { spread }).steps.find((x) => x.name === 'build')!
    // 158 s against a p90 of 26.3 s: 6.0×
    assert.deepEqual([signed(far.delta!), far.usual, far.beyond], ['+2m11s', '6× its p90', true])
    assert.equal(c.steps.find((x) => x.name === 'checkout')!.usual, 'within p10–p90')
  })

  test('says nothing with fewer than three earlier runs', () => {
    const c = compareRuns(earlier[0]!, earlier[1]!, { spread: spreadsOf(earlier.slice(0, 2)) })
    assert.equal(c.steps.find((x) => x.name === 'build')!.usual, undefined)
  })
})
