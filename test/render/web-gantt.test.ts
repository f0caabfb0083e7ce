import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import type { Attempt } from '../../src/core/types.ts'
import { renderGanttPage, renderGanttSvg } from '../../src/render/web-gantt.ts'
import { T0, makeTimeline, manyRows, span } from './make-timeline.ts'
import { assertBalanced, elementsWithClass } from './markup.ts'
import { NOW, sampleTimeline } from './sample-timeline.ts'

const EVIL = '<script>alert(1)</script>'

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
    assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" viewBox="0 0 800 \d+" width="800"/)
    assert.match(svg, /<\/svg>$/)
    assertBalanced(svg)
  })

  test('draws one element per attempt with data attributes in ms', () => {
    const bars = elementsWithClass(renderGanttSvg(sampleTimeline(), { now: NOW }), 'bar')
    const migrate = bars.filter((b) => b['data-name'] === 'deploy.db.migrate')
    assert.deepEqual(
      migrate.map((b) => [b['data-host'], b['data-start'], b['data-end'], b['data-status'], b['data-attempt']]),
      [
        ['db-1', String(T0), String(T0 + 1_500), 'error', '1'],
        ['db-1', String(T0 + 2_000), String(T0 + 6_200), 'ok', '2'],
      ],
    )
    const web = bars.filter((b) => b['data-name'] === 'deploy.web').map((b) => b['data-host'])
    assert.deepEqual(web, ['web-1', 'web-2'])
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
    const running = elementsWithClass(renderGanttSvg(sampleTimeline(), { now: NOW }), 'running')
    const smoke = running.find((b) => b['data-name'] === 'deploy.smoke')
    assert.equal(smoke?.['data-end'], String(NOW))
    assert.equal(smoke?.['data-state'], 'running')
  })

  test('gives every bar a title with name, host, times, duration, status, message and attrs', () => {
    const t = makeTimeline([span('deploy.db', [1_000, 5_200, 'error'], { host: 'db-1', message: 'lock timeout' })])
    ;(t.rows[0]!.attempts[0] as Attempt).attrs = { version: '2.3' }
    const svg = renderGanttSvg(t, { now: T0 })
    const title = /<rect class="bar done"[^>]*><title>([^<]*)<\/title>/.exec(svg)?.[1]
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
    const labels = [...svg.matchAll(/<text [^>]*text-anchor="[a-z]+" fill-opacity="0.7">([^<]+)<\/text>/g)].map((m) => m[1])
    assert.deepEqual(labels, ['0s', '1s', '2s', '3s', '4s', '5s', '6s', '7s', '8s', '9s'])
    assert.ok((svg.match(/<line /g) ?? []).length >= 10)
  })

  test('escapes every string from events', () => {
    const svg = renderGanttSvg(evilTimeline(), { now: T0 })
    assertBalanced(svg)
    assert.ok(!svg.includes('<script') && !svg.includes('<img') && !svg.includes('<i>') && !svg.includes('<b>'))
    assert.ok(svg.includes('&lt;script&gt;alert(1)&lt;/script&gt;'))
    assert.ok(svg.includes('data-host="&quot;h&#39;&amp;&lt;b&gt;"'))
    assert.ok(svg.includes('&lt;k&gt;=&quot;v&quot;&amp;'))
  })

  test('says so when a timeline has no events yet', () => {
    const svg = renderGanttSvg(makeTimeline([]), { now: T0 })
    assertBalanced(svg)
    assert.match(svg, /no events yet/)
  })

  test('renders 10,000 rows', () => {
    const svg = renderGanttSvg(manyRows(10_000), { now: T0 })
    assert.equal((svg.match(/data-name="big\.step/g) ?? []).length, 10_000)
  })
})

describe('renderGanttPage', () => {
  const page = () => renderGanttPage(sampleTimeline(), { now: NOW, jsonHref: '/api/t?x=1&y=2', textHref: '/gantt/t?format=text' })

  test('is a complete HTML page with the title, a summary, the chart and links', () => {
    const html = page()
    assert.match(html, /^<!doctype html>\n<html lang="en">/)
    assertBalanced(html)
    assert.match(html, /<title>deploy \/ 1234 · upto<\/title>/)
    assert.match(html, /<p class="summary">started <time datetime="2024-05-01T12:00:00\.000Z">/)
    assert.match(html, /9\.00s · <span class="status-running">running…<\/span> · 6 events · 1 error/)
    assert.match(html, /<a href="\/api\/t\?x=1&amp;y=2">JSON<\/a>/)
    assert.match(html, /<a href="\/gantt\/t\?format=text">plain text<\/a>/)
    assert.match(html, /<svg xmlns=/)
  })

  test('needs nothing from outside: no scripts, no external styles or images', () => {
    const html = page()
    assert.ok(!/<script|<link|src=|@import|url\(http/i.test(html))
    assert.match(html, /color-scheme:light dark/)
  })

  test('shows an event named like a script only as text', () => {
    const html = renderGanttPage(evilTimeline(), { now: T0, jsonHref: '/j', textHref: '/t' })
    assertBalanced(html)
    assert.ok(!html.includes('<script') && !html.includes('<img') && !html.includes('<ctx>'))
    assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt;'))
    assert.ok(html.includes('<h1>&lt;ctx&gt;&amp;&quot; <span class="id">/ &#39;id&#39;</span></h1>'))
  })
})
