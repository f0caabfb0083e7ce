// The Mermaid export rendered by the real `mermaid` package in headless Chromium: names built to break its
// grammar render as themselves, each attempt is a bar, a failed one drawn as failed, and a timeline over
// Mermaid's maxTextSize still renders, cut to its top levels.

import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import { after, before, describe, test } from 'node:test'
import type { Browser, Page } from 'playwright-core'
import { buildTimeline } from '../../src/core/timeline.ts'
import type { Stored } from '../../src/core/types.ts'
import { MERMAID_MAX_TEXT, mermaidGantt } from '../../src/codecs/export/mermaid.ts'
import { T0, makeTimeline, mark, span } from '../render/make-timeline.ts'
import { chromiumMissing, launchChromium } from './chromium.ts'

const mermaidScript = createRequire(import.meta.url).resolve('mermaid/dist/mermaid.min.js')
let browser: Browser
let page: Page

before(async () => {
  if (chromiumMissing) return
  browser = await launchChromium()
  page = await browser.newPage()
  await page.setContent('<!doctype html><html><body></body></html>')
  await page.addScriptTag({ path: mermaidScript })
  await page.evaluate('mermaid.initialize({ startOnLoad: false })')
})
after(async () => {
  await browser?.close()
})

/** In the page (as text: the tests compile without the DOM's types): renders, then reads the SVG. */
const RENDER = `async (text) => {
  try {
    const { svg } = await mermaid.render('g' + Math.random().toString(36).slice(2), text)
    if (svg.includes('Syntax error') || svg.includes('Maximum text size')) return { error: svg.slice(0, 300) }
    const doc = new DOMParser().parseFromString(svg, 'image/svg+xml')
    return {
      labels: [...doc.querySelectorAll('text.taskText, text.taskTextOutsideRight, text.taskTextOutsideLeft')].map((t) => (t.textContent ?? '').trim()),
      bars: [...doc.querySelectorAll('rect.task')].map((r) => r.getAttribute('class') ?? ''),
      title: doc.querySelector('text.titleText')?.textContent ?? '',
    }
  } catch (error) {
    return { error: String(error?.message ?? error) }
  }
}`

/** Renders a diagram with the real mermaid; its task labels and bar classes, or the error Mermaid gave. */
function render(source: string): Promise<{ labels: string[]; bars: string[]; title: string } | { error: string }> {
  return page.evaluate(`(${RENDER})(${JSON.stringify(source)})`)
}

describe('the Mermaid export, rendered by mermaid', { skip: chromiumMissing }, () => {
  test('renders names that are keywords or hold its syntax characters as themselves', async () => {
    const names = ['click', 'title', 'dateFormat', 'section', 'x%%y', 'http://example/a', 'a#b', 'semi;colon', 'excludes weekends', '100%']
    const timeline = makeTimeline(names.map((name, i) => span(name, [i * 10, i * 10 + 8])), { context: 'evil', id: 'r:1#2' })
    const result = await render(mermaidGantt(timeline, T0 + 1_000))
    assert.ok(!('error' in result), 'error' in result ? result.error : '')
    assert.deepEqual([...result.labels].sort(), [...names].sort())
    assert.equal(result.title, 'evil / r:1#2')
  })

  test('draws each attempt as its own bar, the failed one as failed, and a milestone for a mark', async () => {
    const timeline = makeTimeline([span('db.migrate', [[0, 10, 'error'], [12, 30]]), mark('db.done', 30)])
    const result = await render(mermaidGantt(timeline, T0 + 1_000))
    assert.ok(!('error' in result), 'error' in result ? result.error : '')
    assert.deepEqual(result.labels, ['migrate (attempt 1) ✗', 'migrate (attempt 2)', 'done'])
    assert.match(result.bars[0]!, /\bcrit\d/, 'the failed attempt is crit')
    assert.doesNotMatch(result.bars[0]!, /done/)
    assert.match(result.bars[1]!, /done/)
  })

  test('cuts a timeline too big for Mermaid to its top levels, says so, and renders', async () => {
    const messages: Stored[] = []
    for (let i = 0; i < 3_015; i++) {
      const name = `obj.dir${i % 30}.file${i}_o`
      for (const [kind, time] of [['start', i * 3], ['end', i * 3 + 40]] as const) messages.push({ kind, context: 'ninja', timeline: 'b', name, host: '', time: T0 + time, received: T0 })
    }
    const timeline = buildTimeline({ context: 'ninja', id: 'b', created: T0 }, messages)
    const source = mermaidGantt(timeline, T0 + 100_000)
    assert.ok(source.length <= MERMAID_MAX_TEXT, `${source.length} characters`)
    const result = await render(source)
    assert.ok(!('error' in result), 'error' in result ? result.error : '')
    assert.equal(result.labels.length, 30, 'the 30 directories')
    assert.match(result.title, /cut to 2 levels of 3, 3015 steps/)
  })
})
