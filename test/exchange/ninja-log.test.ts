import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { describe, test } from 'node:test'
import { parseNinjaLog } from '../../src/codecs/import/ninja-log.ts'

const fixture = (name: string) => readFileSync(new URL(`../fixtures/ninja/${name}`, import.meta.url), 'utf8')
const brief = (spans: { name: string; start: number; end: number }[]) => spans.map((s) => `${s.name} ${s.start}-${s.end}`).sort()

// appended.log: three builds by ninja 1.11.1 of test/fixtures/ninja/build.ninja — a full one, then dns.c
// touched, then http.c and log.c touched.
const builds = {
  first: ['lib.libnet_so 127-184', 'obj.base.file_o 7-113', 'obj.base.log_o 91-125', 'obj.net.dns_o 5-91', 'obj.net.http_o 2-127'],
  second: ['lib.libnet_so 86-140', 'obj.net.dns_o 1-86'],
  third: ['lib.libnet_so 125-179', 'obj.base.log_o 1-43', 'obj.net.http_o 0-125'],
}

describe('importing a .ninja_log', () => {
  test('splits a log that ninja appended to into its builds, one step per edge', () => {
    const log = parseNinjaLog(fixture('appended.log'))
    assert.deepEqual(log.builds.map((b) => brief(b.spans)), [builds.first, builds.second, builds.third])
    assert.deepEqual(log.skipped, [])
    const link = log.builds[2]!.spans.find((s) => s.name === 'lib.libnet_so')!
    assert.deepEqual(link.attrs, { output: 'lib/libnet.so lib/libnet.so.TOC' })
  })

  test('reads v6 and v7 logs (ninja 1.12 and 1.13) as v5: their lines have the same columns', () => {
    for (const version of ['v6', 'v7']) {
      const log = parseNinjaLog(fixture(`${version}.log`))
      assert.deepEqual(log.builds.map((b) => brief(b.spans)), [builds.first, builds.second, builds.third], version)
    }
  })

  test('places each build in time from its outputs\' mtimes, which ninja writes in nanoseconds', () => {
    const log = parseNinjaLog(fixture('appended.log'))
    // dns.o of the first build: mtime 1796193441148332594 ns, ended 91 ms after the build began
    const starts = log.builds.map((b) => b.wallStart!)
    assert.ok(Math.abs(starts[0]! - (1796193441148.332 - 91)) < 5, `first build began at ${starts[0]}`)
    assert.ok(starts[0]! < starts[1]! && starts[1]! < starts[2]!, 'in the order they ran')
  })

  test('reads a log rewritten by `ninja -t recompact` as one build of its entries, not as several', () => {
    const log = parseNinjaLog(fixture('recompacted.log'))
    assert.equal(log.builds.length, 1)
    assert.equal(log.builds[0]!.recompacted, true)
    assert.deepEqual(brief(log.builds[0]!.spans), [
      'lib.libnet_so 125-179', 'obj.base.file_o 7-113', 'obj.base.log_o 1-43', 'obj.net.dns_o 1-86', 'obj.net.http_o 0-125',
    ])
  })

  test('reads the builds appended after a recompaction as builds of their own', () => {
    const log = parseNinjaLog(fixture('recompacted-then-built.log'))
    assert.deepEqual(log.builds.map((b) => b.recompacted), [true, false])
    assert.deepEqual(brief(log.builds[1]!.spans), ['lib.libnet_so 105-159', 'obj.base.file_o 0-105'])
    assert.ok(log.builds[1]!.wallStart !== undefined)
  })

  test('keeps a build whose new outputs come in order as a build, not a recompaction', () => {
    const log = parseNinjaLog(['# ninja log v5', '0\t10\t0\ta.o\t1', '5\t20\t0\tb.o\t2', '0\t8\t0\tc.o\t3', ''].join('\n'))
    assert.deepEqual(log.builds.map((b) => [b.recompacted, brief(b.spans)]), [[false, ['a_o 0-10', 'b_o 5-20']], [false, ['c_o 0-8']]])
    assert.equal(log.builds[0]!.wallStart, undefined, 'mtimes of 0 say nothing of when it ran')
  })

  test('counts the lines it cannot read, with where and why', () => {
    const log = parseNinjaLog(['# ninja log v7', '0\t10\t0\ta.o\t1', 'this line is broken', '20\t10\t0\tb.o\t2', ''].join('\n'))
    assert.deepEqual(log.skipped, [
      { at: 3, reason: 'expected start, end, mtime, output and hash separated by tabs' },
      { at: 4, reason: 'expected start, end, mtime, output and hash separated by tabs' },
    ])
    assert.deepEqual(log.builds.map((b) => brief(b.spans)), [['a_o 0-10']])
  })

  test('refuses a file that is not a ninja log, or a version it does not know, naming those it does', () => {
    assert.deepEqual(parseNinjaLog('hello\n'), { builds: [], skipped: [{ at: 1, reason: 'first line is "hello": expected "# ninja log v5", "v6" or "v7"' }] })
    assert.match(parseNinjaLog('# ninja log v4\n').skipped[0]!.reason, /first line is "# ninja log v4"/)
  })
})
