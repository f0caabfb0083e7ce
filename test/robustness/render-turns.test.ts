// Drawing the biggest page must not hold the collector's one thread: while a 200,000-event Gantt page is
// read, built, drawn and streamed, timers keep firing (UDP datagrams are read the same way, between turns).
// How long the longest hold was is printed, not asserted: the benchmark measures it (udp-under-pages).

import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { finish, sortNumbersSteps, sortSteps, type Steps } from '../../src/core/steps.ts'
import { appFixture } from '../server/app-fixture.ts'
import { BIG_T0, bigTimelineMessages } from '../timelines/big-timeline.ts'

describe('a 200,000-event page is drawn in turns', () => {
  test('timers fire all through the read, the build and the stream of the page', async () => {
    const f = appFixture()
    const messages = bigTimelineMessages(4, 50, 1_000)
    for (let i = 0; i < messages.length; i += 10_000) {
      await f.store.append(messages.slice(i, i + 10_000), i === 0 ? [{ context: 'big', id: 't1', created: BIG_T0 }] : [])
    }
    f.at(BIG_T0 + 60_000_000)
    const delay = monitorEventLoopDelay({ resolution: 5 })
    let ticks = 0
    const ticker = setInterval(() => ticks++, 5)
    delay.enable()
    const started = performance.now()
    const res = await f.get('/c/big/t1')
    let chunks = 0
    let bytes = 0
    let ticksAtFirstChunk: number | undefined
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      chunks++
      bytes += chunk.byteLength
      if (chunks === 2) ticksAtFirstChunk = ticks // the head is the first; the chart starts with the second
    }
    const took = performance.now() - started
    delay.disable()
    clearInterval(ticker)
    assert.equal(res.status, 200)
    assert.ok(bytes > 10_000_000, `the page is whole: ${bytes} bytes`)
    assert.ok(chunks > 100, `sent in ${chunks} chunks`)
    // a timer of 5 ms fires between turns: far more often than if the page held the thread from start to end
    assert.ok((ticksAtFirstChunk ?? 0) > 5, `timers fired while the timeline was read and built: ${ticksAtFirstChunk}`)
    assert.ok(ticks > 20, `timers fired ${ticks} times in ${took.toFixed(0)} ms`)
    process.stderr.write(`# longest event-loop delay while the page was drawn: ${(delay.max / 1e6).toFixed(1)} ms, ${ticks} ticks in ${took.toFixed(0)} ms\n`)
  })

  test('the sort done in steps is the stable sort', () => {
    for (const n of [0, 1, 15, 16, 17, 33, 1_000, 12_345]) {
      const items = Array.from({ length: n }, (_, i) => ({ key: (i * 7919) % 53, i }))
      const byKey = (a: { key: number }, b: { key: number }) => a.key - b.key
      assert.deepEqual(finish(sortSteps(items, byKey, 100)), [...items].sort(byKey))
    }
  })

  test('the numbers sorted in steps come out as the native sort puts them', () => {
    for (const n of [0, 1, 15, 16, 17, 33, 1_000, 12_345]) {
      const numbers = Array.from({ length: n }, (_, i) => ((i * 7919) % 1_009) - 500 + (i % 3) / 4)
      assert.deepEqual([...finish(sortNumbersSteps(numbers, 100))], [...Float64Array.from(numbers).sort()])
    }
  })

  test('both sorts compare or move at most about a slice of items between two yields, merges of long runs too', () => {
    const items = Array.from({ length: 20_000 }, (_, i) => (i * 7919) % 20_011)
    let compared = 0
    const counting = (a: number, b: number) => (compared++, a - b)
    /** The most comparisons between two yields. */
    const most = (steps: Steps<unknown>) => {
      let worst = 0
      for (let step = steps.next(); !step.done; step = steps.next()) {
        worst = Math.max(worst, compared)
        compared = 0
      }
      return Math.max(worst, compared)
    }
    // a run of 500 sorted natively is about 500·log2(500) comparisons; a merge step at most 500
    assert.ok(most(sortSteps(items, counting, 500)) <= 500 * 10, 'comparisons between two yields')
    const merges = sortNumbersSteps(items, 500)
    let steps = 0
    for (let step = merges.next(); !step.done; step = merges.next()) steps++
    assert.ok(steps >= (20_000 / 500) * Math.log2(20_000 / 500), `${steps} yields: each run, and every 500 numbers merged`)
  })
})
