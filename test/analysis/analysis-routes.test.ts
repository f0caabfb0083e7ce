import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { appFixture, bodyOf, ev } from '../server/app-fixture.ts'

const s = 1_000

/** Four runs of ci, oldest first: checkout 0–10 s, then build for 20, 30, 40 and 60 s. r4 also ran a scripted step. */
async function withRuns() {
  const f = appFixture()
  for (const [i, build] of [20, 30, 40, 60].entries()) {
    const timeline = `r${i + 1}`
    const base = (i + 1) * 1_000 * s
    const events = [
      ev('start', 'ci', 'checkout', base, { timeline }),
      ev('end', 'ci', 'checkout', base + 10 * s, { timeline }),
      ev('start', 'ci', 'build', base + 10 * s, { timeline }),
      ev('end', 'ci', 'build', base + (10 + build) * s, { timeline }),
    ]
    if (i === 3) events.push(ev('mark', 'ci', '<script>alert(1)</script>', base + 5 * s, { timeline }))
    assert.equal((await f.post(events)).status, 200)
  }
  return f
}

describe('GET /api/compare/:context', () => {
  test('compares the newest run with the one before, and says what made it slower', async () => {
    const body = await (await withRuns()).json('/api/compare/ci')
    assert.deepEqual([body.a.label, body.b.label, body.delta], ['r3', 'r4', 20 * s])
    assert.equal(body.steps[0].name, 'build')
    assert.equal(body.steps[0].added, 20 * s)
    assert.equal(body.verdict, 'r4 is 20.0s slower than r3 (+40%): build +20.0s')
  })

  test('compares a named run with the one before it, or two named runs', async () => {
    const f = await withRuns()
    const one = await f.json('/api/compare/ci?a=r2')
    assert.deepEqual([one.a.label, one.b.label, one.delta], ['r1', 'r2', 10 * s])
    const two = await f.json('/api/compare/ci?a=r3&b=r1')
    assert.deepEqual([two.a.label, two.b.label, two.delta], ['r3', 'r1', -20 * s])
  })

  test('compares with the median of a baseline', async () => {
    const body = await (await withRuns()).json('/api/compare/ci?baseline=3')
    // builds of r1..r3: 20, 30, 40 → median 30; r4's 60 is +30 s; totals 30, 40, 50 → 40 against 70
    assert.deepEqual([body.a.label, body.a.ids, body.delta], ['median of 3', ['r3', 'r2', 'r1'], 30 * s])
  })

  test('answers 404 for an unknown context, and when there is nothing to compare with', async () => {
    const f = await withRuns()
    assert.equal((await f.get('/api/compare/nope')).status, 404)
    const res = await f.get('/api/compare/ci?a=r1')
    assert.equal(res.status, 404)
    assert.equal((await bodyOf(res)).message, '"ci" has no finished run before r1: nothing to compare it with')
    assert.equal((await f.get('/api/compare/ci?a=r9')).status, 404)
  })

  test('refuses a bad baseline with what was expected', async () => {
    const res = await (await withRuns()).get('/api/compare/ci?baseline=lots')
    assert.equal(res.status, 400)
    assert.equal((await bodyOf(res)).message, 'invalid baseline "lots": expected a whole number from 1 to 1000')
  })
})

describe('GET /compare/:context', () => {
  test('draws both runs with the changes and the verdict, escaping names', async () => {
    const res = await (await withRuns()).get('/compare/ci')
    assert.equal(res.status, 200)
    assert.match(res.headers.get('content-type')!, /text\/html/)
    const html = await res.text()
    assert.ok(html.includes('r4 is 20.0s slower than r3 (+40%): build +20.0s'))
    assert.ok(html.includes('data-name="build"'))
    assert.ok(html.includes('href="/gantt/ci/r3"'))
    assert.ok(!html.includes('<script>alert(1)</script>'))
  })
})

describe('GET /api/history/:context', () => {
  test('gives each step its count, p50, p90 and last, flagging a last run above p90', async () => {
    const body = await (await withRuns()).json('/api/history/ci?step=build')
    assert.deepEqual(body.runs, ['r1', 'r2', 'r3', 'r4'])
    const [build] = body.steps
    // 20 30 40 60: p50 at rank 1.5 = 35; p90 at rank 2.7 = 40 + 0.7 × 20 = 54; last 60 > 54
    assert.deepEqual([build.name, build.count, build.p50, build.p90, build.last, build.slow], ['build', 4, 35 * s, 54 * s, 60 * s, true])
  })

  test('answers 404 for a step that never ran', async () => {
    const res = await (await withRuns()).get('/api/history/ci?step=deploy')
    assert.equal(res.status, 404)
    assert.match((await bodyOf(res)).message, /no step "deploy" in the last 4 finished runs of "ci"/)
  })
})

describe('the critical path in the API', () => {
  test('is a field of the timeline answer and a route of its own', async () => {
    const f = await withRuns()
    const timeline = await f.json('/api/contexts/ci/r4')
    const route = await f.json('/api/contexts/ci/r4/critical-path')
    for (const path of [timeline.criticalPath, route]) {
      assert.deepEqual(path.segments.map((x: any) => [x.name, x.to - x.from]), [['checkout', 10 * s], ['build', 60 * s]])
      assert.deepEqual([path.total, path.busy, path.waiting, path.gaps], [70 * s, 70 * s, 0, []])
    }
  })
})

describe('GET /api/contexts/:context/:timeline/export/:format', () => {
  test('answers every format with its media type', async () => {
    const f = await withRuns()
    const types: Record<string, RegExp> = {
      chrome: /application\/json/, otlp: /application\/json/, json: /application\/json/, csv: /text\/csv/, mermaid: /text\/vnd\.mermaid/,
    }
    for (const [format, type] of Object.entries(types)) {
      const res = await f.get(`/api/contexts/ci/latest/export/${format}`)
      assert.equal(res.status, 200, format)
      assert.match(res.headers.get('content-type')!, type)
      assert.ok((await res.text()).length > 0)
    }
    assert.ok((await (await f.get('/api/contexts/ci/r1/export/mermaid')).text()).startsWith('gantt\n'))
  })

  test('refuses an unknown format and answers 404 for an unknown timeline', async () => {
    const f = await withRuns()
    const bad = await f.get('/api/contexts/ci/r1/export/pdf')
    assert.equal(bad.status, 400)
    assert.equal((await bodyOf(bad)).message, 'invalid format "pdf": expected chrome, otlp, mermaid, csv, json')
    assert.equal((await f.get('/api/contexts/ci/r9/export/csv')).status, 404)
  })
})

/** withRuns, then r5 fails in build 25 s after its start (after its 10 s checkout), then r6 passes with a 30 s build. */
async function withFailure() {
  const f = await withRuns()
  const events = [
    ev('start', 'ci', 'checkout', 5_000 * s, { timeline: 'r5' }), ev('end', 'ci', 'checkout', 5_010 * s, { timeline: 'r5' }),
    ev('start', 'ci', 'build', 5_010 * s, { timeline: 'r5' }), ev('end', 'ci', 'build', 5_025 * s, { timeline: 'r5', status: 'error' }),
    ev('start', 'ci', 'checkout', 6_000 * s, { timeline: 'r6' }), ev('end', 'ci', 'checkout', 6_010 * s, { timeline: 'r6' }),
    ev('start', 'ci', 'build', 6_010 * s, { timeline: 'r6' }), ev('end', 'ci', 'build', 6_040 * s, { timeline: 'r6' }),
  ]
  assert.equal((await f.post(events)).status, 200)
  return f
}

describe('compare and a failed run', () => {
  test('says where and when the newer run failed, not that it was faster', async () => {
    const body = await (await withFailure()).json('/api/compare/ci?a=r5')
    assert.deepEqual([body.a.label, body.b.label], ['r4', 'r5'])
    assert.equal(body.verdict, 'r5 failed at build after 25.0s (r4 passed in 1m10s)')
    assert.deepEqual(body.b.failed, { step: 'build', after: 25 * s })
  })

  test('compares with the successful run before, naming the failed one it left out', async () => {
    const f = await withFailure()
    const body = await f.json('/api/compare/ci')
    assert.deepEqual([body.a.label, body.b.label, body.leftOut], ['r4', 'r6', ['r5']])
    const baseline = await f.json('/api/compare/ci?baseline=2')
    assert.deepEqual(baseline.a.ids, ['r4', 'r3'], 'the failed r5 is no part of the median')
  })

  test('says whether each change is within the usual spread of the successful runs before', async () => {
    // builds before r6, failed r5 left out: 20, 30, 40, 60 s → p10 23 s, p90 54 s; r6's 30 s is within
    const body = await (await withFailure()).json('/api/compare/ci')
    const build = body.steps.find((x: any) => x.name === 'build')
    assert.deepEqual([build.spread.p10, build.spread.p90, build.usual, build.beyond], [23 * s, 54 * s, 'within p10–p90', false])
    const page = await (await (await withFailure()).get('/compare/ci')).text()
    assert.match(page, /<td class="num faster">−30\.0s<\/td><td class="usual">within p10–p90<\/td>/)
    assert.match(page, /failed runs left out \(they stopped early\): <a href="\/gantt\/ci\/r5">r5<\/a>/)
  })

  test('history leaves the failed run out of p50 and p90, and counts it beside', async () => {
    const body = await (await withFailure()).json('/api/history/ci?step=build')
    assert.deepEqual(body.failed, [false, false, false, false, true, false])
    const [build] = body.steps
    // passed builds 20 30 40 60 30: sorted 20 30 30 40 60, p50 30, p90 at rank 3.6 = 40 + 0.6 × 20 = 52
    assert.deepEqual([build.ran, build.count, build.p50, build.p90, build.failures, build.failureRate], [6, 5, 30 * s, 52 * s, 1, 1 / 6])
  })
})

describe('pages that lead to compare and history', () => {
  test('the context page links to its compare and its history', async () => {
    const html = await (await (await withRuns()).get('/c/ci')).text()
    assert.ok(html.includes('<a href="/compare/ci">compare newest with the run before</a>'), html)
    assert.ok(html.includes('<a href="/history/ci">history</a>'))
  })

  test('a run page links to its compare and to the history', async () => {
    const f = await withRuns()
    for (const path of ['/c/ci/r3', '/gantt/ci/r3']) {
      const html = await (await f.get(path)).text()
      assert.ok(html.includes('<a href="/compare/ci?a=r3">compare with the run before</a>'), path)
      assert.ok(html.includes('<a href="/history/ci">history</a>'), path)
    }
    assert.ok((await (await f.get('/c/ci/latest')).text()).includes('<a href="/compare/ci">compare with the run before</a>'))
  })

  test('the compare page links back to the context and to the history', async () => {
    const html = await (await (await withRuns()).get('/compare/ci')).text()
    assert.ok(html.includes('<a href="/">upto</a> / <a href="/c/ci">ci</a> / compare'))
    assert.ok(html.includes('<a href="/history/ci">history</a>'))
  })
})

describe('GET /history/:context', () => {
  test('is a page: per step runs, p50, p90, last, trend, failed and retried, one header a column', async () => {
    const res = await (await withFailure()).get('/history/ci')
    assert.equal(res.status, 200)
    assert.match(res.headers.get('content-type')!, /text\/html/)
    const html = await res.text()
    const heads = [...html.matchAll(/<th[^>]*>([^<]*)<\/th>/g)].map((m) => m[1])
    assert.deepEqual(heads, ['step', 'runs', 'p50', 'p90', 'last', 'trend', 'failed', 'retried'])
    const build = html.match(/<tr data-name="build">.*?<\/tr>/)![0]
    assert.equal([...build.matchAll(/<td/g)].length, heads.length)
    assert.match(build, /<td class="name">build<\/td><td class="num">6<\/td><td class="num">30\.0s<\/td><td class="num">52\.0s<\/td><td class="num last">30\.0s<\/td>/)
    assert.match(build, /<td class="num">1 of 6 \(17%\)<\/td><td class="num">0<\/td><\/tr>/)
    assert.match(build, /<title>r5 · 15\.0s · failed<\/title>/)
    assert.ok(html.includes('6 finished runs: 5 passed, 1 failed'))
    assert.ok(html.includes('<a href="/">upto</a> / <a href="/c/ci">ci</a> / history'))
    assert.ok(html.includes('<a href="/compare/ci">compare the newest run</a>'))
    assert.ok(!html.includes('<script>alert(1)</script>'))
  })

  test('answers 404 with the closest names for an unknown context or step', async () => {
    const f = await withRuns()
    assert.equal((await bodyOf(await f.get('/history/cj'))).message, 'no context "cj" (did you mean "ci"?)')
    assert.equal((await bodyOf(await f.get('/api/history/ci?step=bild'))).message, 'no step "bild" in the last 4 finished runs of "ci" (did you mean "build"?)')
    assert.equal((await bodyOf(await f.get('/api/compare/ci?a=r9'))).message, 'no timeline "r9" in context "ci" (did you mean "r1", "r2" or "r3"?)')
  })
})
