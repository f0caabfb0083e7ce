// The web Gantt chart drawn in parts and streamed: the same bytes as drawn at once for small pages, the same
// timeline when built in turns, and a big page's rows as data its script can read.

import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { layoutGantt } from '../../src/core/layout.ts'
import { buildTimeline } from '../../src/core/timeline.ts'
import { renderGanttPage } from '../../src/facets/timelines/web-gantt-page.ts'
import { ganttFragment, ganttFragmentParts } from '../../src/facets/timelines/web-gantt-page.ts'
import { ganttSvgParts, renderGanttSvg } from '../../src/facets/timelines/web-gantt-svg.ts'
import { buildInTurns } from '../../src/http/read-in-turns.ts'
import { streamParts, textOf } from '../../src/http/stream-parts.ts'
import { makeTurns } from '../../src/http/turns.ts'
import { readTimeline } from '../../src/store/views.ts'
import { appFixture, t0 } from '../server/app-fixture.ts'
import { BIG_T0, bigTimelineMessages } from './big-timeline.ts'
import { manyRows } from '../render/make-timeline.ts'
import { NOW, sampleTimeline } from '../render/sample-timeline.ts'

const info = { context: 'big', id: 't1', created: BIG_T0 }

describe('the Gantt chart in parts', () => {
  test('joined, the parts are the chart drawn at once, and there are many for many rows', () => {
    const t = manyRows(3_000)
    const parts = [...ganttSvgParts(t, { now: NOW })]
    assert.equal(parts.join(''), renderGanttSvg(t, { now: NOW }))
    assert.ok(parts.length > 10, `${parts.length} parts`)
    assert.equal([...ganttFragmentParts(sampleTimeline(), NOW)].join(''), ganttFragment(sampleTimeline(), NOW))
  })

  test('a page streamed by the collector is the page drawn at once', async () => {
    const f = appFixture()
    const now = t0 + 60_000
    f.at(now)
    const events = []
    for (let i = 0; i < 400; i++) {
      events.push({ type: 'start', context: 'ci', timeline: '7', name: `build.step${i}`, time: t0 + i * 10 })
      events.push({ type: 'end', context: 'ci', timeline: '7', name: `build.step${i}`, time: t0 + i * 10 + 5, ...(i === 9 ? { status: 'error' } : {}) })
    }
    assert.equal((await f.post(events)).status, 200)
    const res = await f.get('/c/ci/7')
    assert.equal(res.headers.get('transfer-encoding'), 'chunked')
    const streamed = await res.text()
    const timeline = await readTimeline(f.store, (await f.store.timeline('ci', '7'))!)
    const options = {
      now, jsonHref: '/api/contexts/ci/timelines/7', textHref: '/c/ci/7?format=text', svgHref: '/c/ci/7.svg', homeHref: '/',
      contextHref: '/c/ci', fragmentHref: '/c/ci/7?part=chart', changesHref: '/api/changes?context=ci', scriptHref: '/assets/upto.js',
      compareHref: '/compare/ci/7', historyHref: '/history/ci', latest: false,
    }
    const atOnce = renderGanttPage(timeline, options)
    // the links are the route's: compare everything from the summary on, and the links' count
    const from = (html: string) => html.slice(html.indexOf('<p class="summary">'))
    assert.equal(from(streamed), from(atOnce))
    assert.equal((await (await f.get('/c/ci/7?part=chart')).text()), ganttFragment(timeline, now))
    assert.equal((await (await f.get('/c/ci/7.svg')).text()), renderGanttSvg(timeline, { now }))
  })

  test('built in turns, a big timeline is the one buildTimeline builds', async () => {
    const messages = bigTimelineMessages(3, 20, 400)
    let pauses = 0
    const turns = makeTurns(0, async () => void pauses++)
    assert.deepEqual(await buildInTurns(info, messages, turns), buildTimeline(info, messages))
    assert.ok(pauses > 5, `it paused ${pauses} times`)
  })

  test("past the page's size, the rows go as data the script reads, with no markup in it, and deep levels fold", () => {
    const t = buildTimeline(info, bigTimelineMessages(2, 10, 1_100))
    const html = [...ganttFragmentParts(t, BIG_T0, undefined, 20_000)].join('')
    assert.doesNotMatch(html, /<g class="row[ "]/, 'no row is drawn as SVG')
    const svg = /<svg [^>]*>/.exec(html)![0]
    assert.match(svg, new RegExp(` data-rows="${t.rows.length}"`))
    assert.match(svg, / data-fold-depth="1"/)
    const data = /<script type="application\/json" class="upto-rows">([\s\S]*?)<\/script>/.exec(html)![1]!
    assert.doesNotMatch(data, /</, 'every < is escaped')
    const { base, rows, strings } = JSON.parse(data) as { base: number; rows: unknown[][]; strings: string[] }
    assert.equal(rows.length, t.rows.length)
    assert.equal(base, Number(/ data-start="(\d+)"/.exec(svg)![1]), "times are ms after the chart's start")
    const text = (n: unknown) => strings[n as number]
    const bars = (r: unknown[]) => r[11] as number[][]
    const starts = rows.map((r) => base + (bars(r)[0]?.[0] ?? NaN))
    assert.deepEqual(starts.filter((_, i) => t.rows[i]!.kind === 'span'), t.rows.filter((r) => r.kind === 'span').map((r) => r.start))
    assert.deepEqual(rows.map((r) => [text(r[0]), text(r[1])].filter((part) => part !== '').join('.')), t.rows.map((r) => r.name),
      "a name is its parent's part and its last segment")
    assert.ok(t.rows.some((r) => !r.name.includes('.')) && t.rows.some((r) => r.name.split('.').length > 2), 'names of every depth')
    assert.deepEqual(rows.map((r) => text(r[2])), t.rows.map((r) => r.host), 'repeated texts are numbers into strings')
    assert.deepEqual(rows.map((r) => text(r[8])), layoutGantt(t, { width: 100, now: BIG_T0 }).rows.map((r) => r.durationText), 'durations too')
    assert.equal(new Set(strings).size, strings.length, 'each text once')
    assert.equal(strings[0], '', "0 is the empty text: a bar's missing message and attrs, a root's parent")
    assert.ok(rows.some((r) => bars(r).some((b) => b[5] === 0 && b[6] === 0)), 'bars without either')
    const failed = rows.find((r) => bars(r).some((b) => text(b[5]) === 'exit 1 </script>'))
    assert.ok(failed, 'messages are kept, markup and all, as data')
    assert.ok(rows.some((r) => bars(r).some((b) => text(b[6]) === '{"commit":"<abc>"}')), 'and attrs')
    // the chart's height is that of the rows shown folded: stages and jobs
    assert.match(svg, new RegExp(` height="${46 + (2 + 20) * 22 + 12}"`))
  })
})

describe('streamParts', () => {
  test('draws parts only as the reader takes them: a page is never drawn ahead whole', async () => {
    let drawn = 0
    const parts = (async function* () {
      for (let i = 0; i < 1_000; i++) {
        drawn++
        yield 'x'.repeat(10_000)
      }
    })()
    const reader = streamParts(parts, makeTurns(), () => '').getReader()
    await reader.read()
    await reader.read()
    await new Promise((resolve) => setTimeout(resolve, 20))
    assert.ok(drawn < 30, `${drawn} of 1,000 parts drawn after two reads`)
    await reader.cancel()
  })

  test('sends the first part at once, and what it was given in place of the rest when a part throws', async () => {
    const parts = (async function* () {
      yield '<head>'
      await new Promise((resolve) => setTimeout(resolve, 10))
      yield 'body'
      throw new Error('disk gone')
    })()
    const reader = streamParts(parts, makeTurns(), (e) => `<p>${(e as Error).message}</p>`).getReader()
    assert.equal(new TextDecoder().decode((await reader.read()).value), '<head>')
    let rest = ''
    for (let r = await reader.read(); !r.done; r = await reader.read()) rest += new TextDecoder().decode(r.value)
    assert.equal(rest, 'body<p>disk gone</p>')
  })

  test('textOf reads a stream whole', async () => {
    const parts = (async function* () {
      yield 'a'
      yield 'b'
    })()
    assert.equal(await textOf(streamParts(parts, makeTurns(), () => '')), 'ab')
  })
})

describe('the gaps of a big chart', () => {
  test('are the gaps findGaps finds, from starts and ends sorted apart', async () => {
    const { coveredGaps } = await import('../../src/facets/timelines/web-gantt-gaps.ts')
    const { findGaps } = await import('../../src/facets/timelines/gantt-gaps.ts')
    const { layoutGantt } = await import('../../src/core/layout.ts')
    const { makeTimeline, span } = await import('../render/make-timeline.ts')
    const timelines = [
      sampleTimeline(),
      manyRows(500),
      buildTimeline(info, bigTimelineMessages(1, 3, 300)),
      // overlaps, a span inside another, two ending as the next starts, waits of every length, a running one
      makeTimeline([span('a', [0, 1_000]), span('b', [200, 400]), span('c', [1_000, 1_500]), span('d', [3_000, 3_001]),
        span('e', [3_002, 9_000]), span('f', [9_500, 9_600]), span('g', [12_000, undefined])]),
    ]
    for (const t of timelines) {
      const layout = layoutGantt(t, { width: 600, now: NOW })
      const covered = { starts: [] as number[], ends: [] as number[] }
      for (const row of layout.rows) {
        if (row.kind !== 'span') continue
        for (const bar of row.bars) if (!bar.point && bar.end > bar.start) covered.starts.push(bar.start), covered.ends.push(bar.end)
      }
      for (const options of [{}, { minMs: 1 }, { minMs: 1, max: 2 }]) {
        assert.deepEqual(coveredGaps(covered, layout, options), findGaps(layout, options))
      }
    }
  })
})
