import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { run } from '../../src/program.ts'
import { startCollector, type Collector } from '../../src/server/collector.ts'
import { createMemoryStore } from '../../src/store/memory.ts'
import { captureIo } from '../helpers/cli-io.ts'

const s = 1_000
const T = Date.UTC(2024, 4, 1, 12, 0, 0)
const dir = mkdtempSync(join(tmpdir(), 'upto-analysis-'))
let collector: Collector
let port: string

before(async () => {
  collector = await startCollector({ store: createMemoryStore(), port: 0, log: () => {} })
  port = String(collector.httpPort)
  // three runs of ci: checkout 10 s then build 20, 30, 60 s
  for (const [i, build] of [20, 30, 60].entries()) {
    const timeline = `r${i + 1}`
    const at = T + i * 3_600 * s
    const events = [
      ['start', 'checkout', at], ['end', 'checkout', at + 10 * s],
      ['start', 'build', at + 10 * s], ['end', 'build', at + (10 + build) * s],
    ].map(([type, name, time]) => ({ type, context: 'ci', name, time, timeline }))
    await post(events)
  }
  // five runs of nightly: checkout 10 s, then e2e 1m50s, 2m00s, 2m10s; n4 fails in e2e 1m05s after its start; n5's
  // e2e takes 4m18s, 2m08s more than n3's
  for (const [i, e2e] of [110, 120, 130, 55, 258].entries()) {
    const timeline = `n${i + 1}`
    const at = T + (4 + i) * 3_600 * s
    await post([
      { type: 'start', name: 'checkout', time: at }, { type: 'end', name: 'checkout', time: at + 10 * s },
      { type: 'start', name: 'e2e', time: at + 10 * s }, { type: 'end', name: 'e2e', time: at + (10 + e2e) * s, ...(i === 3 ? { status: 'error' } : {}) },
    ].map((e) => ({ ...e, context: 'nightly', timeline })))
  }
})

async function post(events: unknown[]) {
  const res = await fetch(`http://127.0.0.1:${port}/api/events`, { method: 'POST', body: JSON.stringify(events), headers: { 'content-type': 'application/json' } })
  assert.equal(res.status, 200)
}
after(async () => {
  await collector.close()
  rmSync(dir, { recursive: true, force: true })
})

async function upto(...argv: string[]) {
  const io = captureIo([...argv, '--rp', port], {}, T + 10 * 3_600 * s)
  const code = await run(io)
  return { code, out: io.stdout, err: io.stderr }
}

describe('upto compare', () => {
  test('prints each step in both runs, the change, what it added, and the verdict', async () => {
    const { code, out, err } = await upto('compare', 'ci')
    assert.equal(code, 0, err)
    const lines = out.split('\n')
    assert.match(lines[0]!, /^STEP\s+r2\s+r3\s+CHANGE\s+USUAL\s+ON PATH\s+NOTES$/)
    assert.match(lines[1]!, /^build\s+30\.0s\s+1m00s\s+\+30\.0s\s+\+30\.0s/)
    assert.match(out, /^total\s+40\.0s\s+1m10s\s+\+30\.0s/m)
    assert.ok(out.trimEnd().endsWith('r3 is 30.0s slower than r2 (+75%): build +30.0s'), out)
  })

  test('compares with the median of a baseline, and prints JSON when asked', async () => {
    const { code, out } = await upto('compare', 'ci', '--baseline', '2', '--json')
    assert.equal(code, 0)
    const body = JSON.parse(out)
    // builds 20 and 30 → median 25; totals 30 and 40 → 35 against 70
    assert.deepEqual([body.a.label, body.delta, body.steps[0].name, body.steps[0].delta], ['median of 2', 35 * s, 'build', 35 * s])
  })

  test('says which context or run is missing', async () => {
    assert.deepEqual(await upto('compare', 'nope'), { code: 1, out: '', err: 'upto: no context "nope" (upto ls lists the contexts)\n' })
    const none = await upto('compare', 'ci', 'r1')
    assert.equal(none.code, 1)
    assert.equal(none.err, 'upto: "ci" has no finished run before r1: nothing to compare it with\n')
    assert.match((await upto('compare', 'ci', '--baseline', 'x')).err, /invalid --baseline "x": expected a positive whole number/)
  })
})

describe('upto compare and failed runs', () => {
  test('says the newer run failed, where and after how long, instead of calling it faster', async () => {
    const { code, out, err } = await upto('compare', 'nightly', 'n4')
    assert.equal(code, 0, err)
    assert.ok(out.trimEnd().endsWith('n4 failed at e2e after 1m05s (n3 passed in 2m20s)'), out)
    assert.ok(!out.includes('faster'), out)
  })

  test('leaves the failed run out, and says a change beyond the usual spread how far', async () => {
    const { code, out, err } = await upto('compare', 'nightly')
    assert.equal(code, 0, err)
    // against n3, n4 left out; e2e before n5: 110, 120, 130 s → p90 128 s; 258 s is 2.0× that
    assert.match(out, /^STEP\s+n3\s+n5\s+CHANGE\s+USUAL\s+ON PATH\s+NOTES$/m)
    assert.match(out, /^e2e\s+2m10s\s+4m18s\s+\+2m08s\s+2× its p90\s+\+2m08s$/m)
    assert.match(out, /^checkout\s+10\.0s\s+10\.0s\s+±0ms\s+within p10–p90\s+0$/m)
    assert.match(out, /^failed runs left out \(they stopped early\): n4$/m)
  })

  test('names the closest context, run and step of a slip', async () => {
    assert.equal((await upto('compare', 'nightl')).err, 'upto: no context "nightl" (did you mean "nightly"?) (upto ls lists the contexts)\n')
    assert.equal((await upto('compare', 'nightly', 'n6', 'n5')).err, 'upto: no timeline "n6" in context "nightly" (did you mean "n1", "n2" or "n3"?) (upto ls nightly lists its timelines)\n')
    assert.equal((await upto('history', 'nightly', 'e3e')).err, 'upto: no step "e3e" in the last 5 finished runs of "nightly" (did you mean "e2e"?)\n')
  })
})

describe('upto history', () => {
  test('leaves failed runs out of p50 and p90, and shows failure and retry rates', async () => {
    const { code, out } = await upto('history', 'nightly')
    assert.equal(code, 0)
    // passed e2e 110 120 130 258: p50 125, p90 at rank 2.7 = 130 + 0.7 × 128 = 219.6; the sparkline scales those
    // (levels round((v − 110) / 148 × 7): 0, 0.47, 0.95, 7) and marks n4's failure ×
    assert.match(out, /^e2e\s+5\s+2m05s\s+3m40s\s+4m18s\s+▲ above p90\s+▁▁▂×█\s+1 of 5 \(20%\)\s+0$/m)
    assert.match(out, /^checkout\s+5\s+10\.0s\s+10\.0s\s+10\.0s\s+▄▄▄▄▄\s+0\s+0$/m)
    assert.match(out, /^1 of 5 runs failed \(× in TREND\): left out of p50 and p90 \(they stopped early\), counted under FAILED$/m)
  })

  test('prints count, p50, p90, last with a flag above p90, and a sparkline', async () => {
    const { code, out } = await upto('history', 'ci')
    assert.equal(code, 0)
    // build 20 30 60: p50 30, p90 at rank 1.8 = 30 + 0.8 × 30 = 54; last 60 > 54.
    // sparkline levels round((v − 20) / 40 × 7): 0 ▁, 1.75 → 2 ▃, 7 █
    assert.match(out, /^STEP\s+RUNS\s+P50\s+P90\s+LAST\s+TREND\s+FAILED\s+RETRIED$/m)
    assert.match(out, /^build\s+3\s+30\.0s\s+54\.0s\s+1m00s\s+▲ above p90\s+▁▃█\s+0\s+0$/m)
    assert.match(out, /^checkout\s+3\s+10\.0s\s+10\.0s\s+10\.0s\s+▄▄▄\s+0\s+0$/m)
  })

  test('narrows to one step, as JSON', async () => {
    const body = JSON.parse((await upto('history', 'ci', 'build', '--json')).out)
    assert.deepEqual(body.steps.map((x: any) => [x.name, x.p50, x.p90, x.slow]), [['build', 30 * s, 54 * s, true]])
  })
})

describe('upto export', () => {
  test('writes the newest timeline in the asked format', async () => {
    const { code, out } = await upto('export', 'ci', '--format', 'mermaid')
    assert.equal(code, 0)
    assert.ok(out.startsWith('gantt\n  title ci / r3\n'), out)
    const csv = (await upto('export', 'ci', 'r1', '--format', 'csv')).out
    assert.equal(csv.split('\r\n').length, 4, 'header, two steps, and the end')
  })

  test('refuses an unknown format with the ones it knows', async () => {
    assert.deepEqual(await upto('export', 'ci', '--format', 'pdf'), {
      code: 2, out: '', err: 'upto: invalid --format "pdf": expected chrome, otlp, mermaid, csv, json\n',
    })
  })
})

describe('upto import', () => {
  const log = join(dir, '.ninja_log')
  writeFileSync(log, '# ninja log v5\n0\t40\t0\tobj/a.o\t11\n5\t90\t0\tobj/b.o\t22\n90\t120\t0\tapp\t33\n')

  test('sends a ninja log to the collector as a timeline, and a second import adds nothing', async () => {
    const first = await upto('import', log, '--format', 'ninja', '--context', 'ninja', '--start', '2024-05-01T12:00:00Z')
    assert.equal(first.code, 0, first.err)
    assert.equal(first.out, 'imported 3 steps and 0 marks (6 events) into ninja / 20240501-120000-000\n')
    const again = await upto('import', log, '--format', 'ninja', '--context', 'ninja', '--start', '2024-05-01T12:00:00Z')
    assert.equal(again.code, 0)
    const answer = await (await fetch(`http://127.0.0.1:${port}/api/contexts/ninja/latest`)).json() as any
    const rows = answer.model.rows.map((r: any) => [r.name, r.kind, r.start - T, r.end - T, r.attempts.length])
    assert.deepEqual(rows, [
      ['obj', 'implied', 0, 90, 0], ['obj.a_o', 'span', 0, 40, 1], ['obj.b_o', 'span', 5, 90, 1], ['app', 'span', 90, 120, 1],
    ])
    assert.deepEqual(answer.criticalPath.segments.map((x: any) => x.name), ['obj.a_o', 'obj.b_o', 'app'])
    const list = await (await fetch(`http://127.0.0.1:${port}/api/contexts/ninja`)).json() as any
    assert.equal(list.timelines.length, 1)
  })

  test('writes into a data folder directly with --data', async () => {
    const data = join(dir, 'data')
    const { code, err } = await upto('import', log, '--format', 'ninja', '--context', 'local', '--data', data, '--timeline', 'b1', '--start', String(T))
    assert.equal(code, 0, err)
    const io = captureIo(['gantt', 'local', 'b1', '--data', data, '--width', '80'])
    assert.equal(await run(io), 0, io.stderr)
    assert.match(io.stdout, /^local \/ b1 /)
    assert.match(io.stdout, /a_o/)
  })

  test('says what is wrong with a file it cannot read', async () => {
    const bad = join(dir, 'bad.log')
    writeFileSync(bad, 'not a log\n')
    const { code, err } = await upto('import', bad, '--format', 'ninja', '--context', 'x')
    assert.equal(code, 1)
    assert.match(err, /nothing to import from .*bad\.log as ninja \(1: first line is "not a log": expected "# ninja log v5", "v6" or "v7"\)/)
    assert.match((await upto('import', bad, '--format', 'make', '--context', 'x')).err, /invalid --format "make": expected ninja, chrome, packer/)
  })
})
