import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import type { Attempt } from '../../src/core/types.ts'
import { renderGanttPage, renderGanttSvg } from '../../src/facets/timelines/web-gantt.ts'
import { T0, makeTimeline, manyRows, span } from '../render/make-timeline.ts'
import { assertBalanced, elementsWithClass } from '../render/markup.ts'
import { NOW, sampleTimeline } from '../render/sample-timeline.ts'

const EVIL = '<script>alert(1)</script>'

/** The bars inside the row group of one name. */
function barsOfRow(svg: string, name: string): Record<string, string>[] {
  const group = new RegExp(`<g class="row[^"]*" data-name="${name.replace(/\./g, '\\.')}"[^>]*>([\\s\\S]*?)</g>`).exec(svg)?.[1] ?? ''
  return elementsWithClass(group, 'bar')
}

function evilTimeline() {
  const t = makeTimeline([span(EVIL, [0, 1_000], { host: `"h'&<b>`, message: '<img src=x onerror=alert(2)>' })], {
    context: '<ctx>&"',
    id: "'id'",
  })
  const attempt = t.rows[0]!.attempts[0] as Attempt
  attempt.attrs = { '<k>': '"v"&' }
  attempt.status = '<i>bad</i>'
  t.rows[0]!.status = '<i>bad</i>'
  return t
}

describe('renderGanttSvg', () => {
  test('is a standalone SVG with a namespace and a viewBox', () => {
    const svg = renderGanttSvg(sampleTimeline(), { now: NOW, width: 800 })
    assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" class="upto-gantt" viewBox="0 0 800 \d+" width="800"/)
    assert.match(svg, /<\/svg>$/)
    assertBalanced(svg)
  })

  test('draws one group per row, named, and one element per attempt with data attributes in ms', () => {
    const svg = renderGanttSvg(sampleTimeline(), { now: NOW })
    const rows = elementsWithClass(svg, 'row').map((r) => [r['data-name'], r['data-host'] ?? ''])
    assert.deepEqual(rows, [
      ['deploy', ''], ['deploy.db', ''], ['deploy.db.migrate', 'db-1'], ['deploy.web', 'web-1'], ['deploy.web', 'web-2'],
      ['deploy.web.ready', ''], ['deploy.smoke', ''], ['deploy.cleanup', ''],
    ])
    const migrate = barsOfRow(svg, 'deploy.db.migrate')
    assert.deepEqual(
      migrate.map((b) => [b['data-start'], b['data-end'], b['data-status'], b['data-attempt'], b.class]),
      [
        [String(T0), String(T0 + 1_500), 'error', '1', 'bar done t-error'],
        [String(T0 + 2_000), String(T0 + 6_200), 'ok', '2', 'bar done t-ok'],
      ],
    )
    assert.equal(barsOfRow(svg, 'deploy.cleanup')[0]?.class, 'bar orphan point t-orphan')
    assert.equal(barsOfRow(svg, 'deploy.web.ready')[0]?.class, 'bar done mark t-ok')
    assert.equal(barsOfRow(svg, 'deploy.db')[0]?.class, 'bar done t-implied')
  })

  test('gives ancestors a collapse toggle, once per name', () => {
    const svg = renderGanttSvg(sampleTimeline(), { now: NOW })
    const parents = elementsWithClass(svg, 'parent').map((r) => r['data-name'])
    assert.deepEqual(parents, ['deploy', 'deploy.db', 'deploy.web'])
    assert.equal((svg.match(/<text class="tw"[^>]*>▾<\/text>/g) ?? []).length, 3)
  })

  test('shades the stretches where nothing ran, with their length', () => {
    const t = makeTimeline([span('a', [0, 2_000]), span('b', [5_000, 6_000]), span('c', [1_000, 2_500])])
    const svg = renderGanttSvg(t, { now: T0 })
    const gaps = elementsWithClass(svg, 'gap').map((g) => [Number(g['data-start']) - T0, Number(g['data-end']) - T0])
    assert.deepEqual(gaps, [[2_500, 5_000]])
    assert.match(svg, /<title>nothing ran for 2\.50s \(\+2\.5s to \+5s\)<\/title>/)
    assert.match(svg, /<text class="gap-label"[^>]*>idle 2\.50s<\/text>/)
  })

  test('leaves out the bars\' titles when asked (the page shows tooltips from the data attributes)', () => {
    const svg = renderGanttSvg(sampleTimeline(), { now: NOW, titles: false })
    assert.doesNotMatch(svg, /<rect class="bar[^>]*><title>/)
    assert.equal(elementsWithClass(svg, 'bar').length, elementsWithClass(renderGanttSvg(sampleTimeline(), { now: NOW }), 'bar').length)
  })

  test('places bars in proportion to their times', () => {
    const t = makeTimeline([span('all', [0, 10_000]), span('all.part', [2_000, 5_000])])
    const [all, part] = elementsWithClass(renderGanttSvg(t, { now: T0 }), 'bar')
    const x = (b: Record<string, string> | undefined) => Number(b?.x)
    const w = (b: Record<string, string> | undefined) => Number(b?.width)
    assert.ok(Math.abs((x(part) - x(all)) / w(all) - 0.2) < 0.001)
    assert.ok(Math.abs(w(part) / w(all) - 0.3) < 0.001)
  })

  test('ends a running bar at now and marks it running', () => {
    const [smoke] = barsOfRow(renderGanttSvg(sampleTimeline(), { now: NOW }), 'deploy.smoke')
    assert.equal(smoke?.['data-end'], String(NOW))
    assert.equal(smoke?.class, 'bar running t-running')
  })

  test('gives every bar a title with name, host, times, duration, status, message and attrs', () => {
    const t = makeTimeline([span('deploy.db', [1_000, 5_200, 'error'], { host: 'db-1', message: 'lock timeout' })])
    ;(t.rows[0]!.attempts[0] as Attempt).attrs = { version: '2.3' }
    const svg = renderGanttSvg(t, { now: T0 })
    const title = /<rect class="bar done t-error"[^>]*><title>([^<]*)<\/title>/.exec(svg)?.[1]
    assert.equal(
      title,
      [
        'deploy.db @ db-1',
        'start 2024-05-01T12:00:01.000Z',
        'end 2024-05-01T12:00:05.200Z',
        'duration 4.20s',
        'status error',
        'message lock timeout',
        'version=2.3',
      ].join('\n'),
    )
  })

  test('draws a time axis with labelled gridlines', () => {
    const svg = renderGanttSvg(sampleTimeline(), { now: NOW })
    const ticks = [...svg.matchAll(/<text class="tick"[^>]*><title>([^<]+)<\/title>([^<]+)<\/text>/g)].map((m) => [m[2], m[1]])
    assert.deepEqual(ticks.map(([label]) => label), ['0s', '2s', '4s', '6s', '8s'])
    assert.deepEqual(ticks[1], ['2s', '2024-05-01T12:00:02.000Z'], 'relative labels, absolute times on hover')
    assert.equal((svg.match(/<line class="grid"/g) ?? []).length, 5)
  })

  test('escapes every string from events', () => {
    const svg = renderGanttSvg(evilTimeline(), { now: T0 })
    assertBalanced(svg)
    assert.ok(!svg.includes('<script') && !svg.includes('<img') && !svg.includes('<i>') && !svg.includes('<b>'))
    assert.ok(svg.includes('&lt;script&gt;alert(1)&lt;/script&gt;'))
    assert.ok(svg.includes('data-host="&quot;h&#39;&amp;&lt;b&gt;"'))
    assert.ok(svg.includes('&lt;k&gt;=&quot;v&quot;&amp;'))
    assert.ok(svg.includes('data-message="&lt;img src=x onerror=alert(2)&gt;"'))
    assert.ok(svg.includes('data-attrs="{&quot;&lt;k&gt;&quot;:&quot;\\&quot;v\\&quot;&amp;&quot;}"'))
  })

  test('says so when a timeline has no events yet', () => {
    const svg = renderGanttSvg(makeTimeline([]), { now: T0 })
    assertBalanced(svg)
    assert.match(svg, /no events yet/)
  })

  test('renders 10,000 rows', () => {
    const svg = renderGanttSvg(manyRows(10_000), { now: T0 })
    assert.equal((svg.match(/<g class="row" data-name="big\.step/g) ?? []).length, 10_000)
    assert.equal((svg.match(/<rect class="bar /g) ?? []).length, 10_001)
  })
})

describe('renderGanttPage', () => {
  const page = () => renderGanttPage(sampleTimeline(), { now: NOW, jsonHref: '/api/t?x=1&y=2', textHref: '/gantt/t?format=text' })

  test('is a complete HTML page with the title, a summary, the chart and links', () => {
    const html = page()
    assert.match(html, /^<!doctype html>\n<html lang="en">/)
    assertBalanced(html)
    assert.match(html, /<title>deploy \/ 1234 · upto<\/title>/)
    assert.match(html, /<p class="summary">started <time datetime="2024-05-01T12:00:00\.000Z"[^>]*>2024-05-01 12:00:00Z<\/time> \(9s ago\)/)
    assert.match(html, /<span class="duration" data-since="\d+">9\.00s<\/span> · <span class="status-running">running…<\/span> · 6 events · <span class="status-error">1 failed \(deploy\.web\), 1 retried<\/span>/)
    assert.match(html, /<a href="\/api\/t\?x=1&amp;y=2">JSON<\/a>/)
    assert.match(html, /<a href="\/gantt\/t\?format=text">plain text<\/a>/)
    assert.match(html, /<svg xmlns=/)
  })

  test('needs nothing from outside: no external styles or images, and a script only when given one', () => {
    const html = page()
    assert.ok(!/<script|src=|@import|url\(http/i.test(html))
    assert.deepEqual([...html.matchAll(/<link[^>]*>/g)].map((m) => m[0]), ['<link rel="icon" href="data:,">'])
    assert.match(html, /color-scheme:light dark/)
    const scripted = renderGanttPage(sampleTimeline(), { now: NOW, jsonHref: '/j', textHref: '/t', scriptHref: '/assets/upto.js' })
    assert.deepEqual([...scripted.matchAll(/<script[^>]*>/g)].map((m) => m[0]), ['<script src="/assets/upto.js" defer>'])
  })

  test('holds the links, the live wiring and the tooltip the script uses', () => {
    const html = renderGanttPage(sampleTimeline(), {
      now: NOW, jsonHref: '/j', textHref: '/t', svgHref: '/c/deploy/1234.svg', homeHref: '/', contextHref: '/c/deploy',
      fragmentHref: '/c/deploy/1234?part=chart', changesHref: '/api/changes?context=deploy', latest: true,
    })
    assertBalanced(html)
    assert.match(html, /<a href="\/c\/deploy\/1234\.svg">SVG<\/a>/)
    assert.match(html, /<nav class="crumbs"><a href="\/">upto<\/a> \/ <a href="\/c\/deploy">deploy<\/a> \/ 1234/)
    assert.match(html, /<section id="chart" data-fragment="\/c\/deploy\/1234\?part=chart" data-changes="\/api\/changes\?context=deploy" data-context="deploy" data-timeline="1234" data-latest="">/)
    assert.match(html, /<div id="tip" role="tooltip" hidden><\/div>/)
    assert.match(html, /<ul class="legend"[^>]*>.*abandoned attempt.*nothing ran<\/li><\/ul>/)
  })

  test('shows an event named like a script only as text', () => {
    const html = renderGanttPage(evilTimeline(), { now: T0, jsonHref: '/j', textHref: '/t' })
    assertBalanced(html)
    assert.ok(!html.includes('<script') && !html.includes('<img') && !html.includes('<ctx>'))
    assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt;'))
    assert.ok(html.includes('<h1>&lt;ctx&gt;&amp;&quot; <span class="id">/ &#39;id&#39;</span></h1>'))
  })
})
