// A Gantt chart of hundreds of rows in real headless Chromium: the script places only the rows near the
// screen and sizes the page without resizing the SVG, so folding, scrolling and resizing must still
// show every row where it belongs.

import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import type { Browser, Page } from 'playwright-core'
import { chromiumMissing, launchChromium } from './chromium.ts'
import { type Served, serve } from './seed.ts'
import { until } from './until.ts'

const T = Date.now() - 3_600_000
const STAGES = 3
const STEPS = 150
const ROW = 22

/** stage0.step0 … stage2.step149, one after another, a second each. */
function events() {
  const out: Record<string, unknown>[] = []
  for (let s = 0; s < STAGES; s++) {
    for (let j = 0; j < STEPS; j++) {
      const at = T + (s * STEPS + j) * 1_000
      const base = { context: 'big', timeline: 'b1', name: `stage${s}.step${j}`, host: '' }
      out.push({ ...base, type: 'start', time: at }, { ...base, type: 'end', time: at + 800 })
    }
  }
  return out
}

let browser: Browser
let served: Served

before(async () => {
  if (chromiumMissing) return
  browser = await launchChromium()
  served = await serve()
  await served.send(events())
})

after(async () => {
  await browser?.close()
  await served?.close()
})

async function open(): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1200, height: 800 } })
  await page.goto(`${served.base}/c/big/b1`)
  await page.waitForSelector('svg.upto-gantt .cursor-g', { state: 'attached' })
  return page
}

const row = (page: Page, name: string) => page.locator(`g.row[data-name="${name}"]`)
/** A row's y in the chart, wherever the page is scrolled. */
const top = async (page: Page, name: string) =>
  (await row(page, name).boundingBox())!.y - (await page.locator('svg.upto-gantt').boundingBox())!.y
const pageHeight = (page: Page) => page.evaluate<number>('document.documentElement.scrollHeight')

/** Where a bar of `stage{s}.step{j}` must start and end on screen, from the chart's axis. */
async function expected(page: Page, s: number, j: number): Promise<[number, number]> {
  const svg = page.locator('svg.upto-gantt')
  const left = (await svg.boundingBox())!.x
  const num = async (name: string) => Number(await svg.getAttribute(name))
  const [x0, x1, start, end] = [await num('data-x0'), await num('data-x1'), await num('data-start'), await num('data-end')]
  const at = T + (s * STEPS + j) * 1_000
  const px = (t: number) => left + x0 + ((t - start) * (x1 - x0)) / (end - start)
  return [px(at), px(at + 800)]
}

/** Scrolls to a bar, and waits for the scroll event: it places the rows that came into sight. */
async function scrollTo(page: Page, name: string) {
  const bar = row(page, name).locator('.bar')
  await bar.scrollIntoViewIfNeeded()
  await page.evaluate('new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))')
  return bar
}

async function assertPlaced(page: Page, s: number, j: number): Promise<void> {
  const bar = await scrollTo(page, `stage${s}.step${j}`)
  const box = (await bar.boundingBox())!
  const [from, to] = await expected(page, s, j)
  assert.ok(Math.abs(box.x - from) < 1.5, `stage${s}.step${j} starts at ${from}: ${box.x}`)
  assert.ok(Math.abs(box.x + box.width - to) < 1.5, `stage${s}.step${j} ends at ${to}: ${box.x + box.width}`)
}

describe('a Gantt chart of hundreds of rows', { skip: chromiumMissing }, () => {
  test('fills the width, and places the bars of rows scrolled to, also after a resize', async () => {
    const page = await open()
    const svg = page.locator('svg.upto-gantt')
    const room = await page.evaluate<number>("document.querySelector('.scroll').clientWidth")
    assert.equal(Math.floor((await svg.boundingBox())!.width), room, 'as wide as its box')
    assert.equal(Number(await svg.getAttribute('data-x1')), room - 8)
    await assertPlaced(page, 0, 0)
    await assertPlaced(page, 2, STEPS - 1)
    await page.setViewportSize({ width: 900, height: 600 })
    await until(page, "document.querySelector('svg.upto-gantt').getAttribute('data-x1') === String(document.querySelector('.scroll').clientWidth - 8)")
    await assertPlaced(page, 2, STEPS - 1)
    await assertPlaced(page, 1, 70)
    await assertPlaced(page, 0, 3)
    await page.close()
  })

  test('folds a stage of 150 rows: they hide, the rows below and the page end move up, and back', async () => {
    const page = await open()
    const rows = await page.locator('g.row').count()
    assert.equal(rows, STAGES * (STEPS + 1), 'a row per step and per stage')
    const below = await top(page, 'stage2')
    const height = await pageHeight(page)
    await row(page, 'stage1').locator('.tw').click()
    assert.equal(await row(page, 'stage1.step0').isVisible(), false)
    const placed = row(page, 'stage1.step2').locator('.bar') // placed when the toggle was scrolled to
    assert.equal(await placed.isVisible(), false, 'nor are their bars')
    assert.equal(await row(page, `stage1.step${STEPS - 1}`).isVisible(), false)
    assert.equal(await row(page, 'stage1').isVisible(), true)
    assert.equal(await page.locator('g.row:not(.hidden)').count(), rows - STEPS)
    assert.ok(Math.abs(below - (await top(page, 'stage2')) - STEPS * ROW) < 1, 'stage2 moved up 150 rows')
    assert.ok(Math.abs(height - (await pageHeight(page)) - STEPS * ROW) < 2, 'the page is 150 rows shorter')
    await assertPlaced(page, 2, STEPS - 1)

    await row(page, 'stage1').locator('.tw').click()
    assert.equal(await row(page, 'stage1.step0').isVisible(), true)
    assert.equal(await page.locator('g.row:not(.hidden)').count(), rows)
    assert.ok(Math.abs((await top(page, 'stage2')) - below) < 1, 'stage2 back where it was')
    assert.equal(await pageHeight(page), height)
    await assertPlaced(page, 1, STEPS - 1)
    await page.close()
  })

  test('zooms, and places the rows scrolled to later for the zoom too', async () => {
    const page = await open()
    const svg = page.locator('svg.upto-gantt')
    const num = async (name: string) => Number(await svg.getAttribute(name))
    const x = async (name: string) => (await (await scrollTo(page, name)).boundingBox())!.x
    // bars far from the screen are placed, and focusable, once scrolled to
    await (await scrollTo(page, 'stage1.step75')).focus()
    await page.keyboard.press('+') // around the focused bar, which is mid-chart: stage2.step60 stays in the window
    const a = await x('stage1.step75')
    const perStep = ((await x('stage1.step80')) - a) / 5
    const span = (await num('data-end')) - (await num('data-start'))
    const full = (((await num('data-x1')) - (await num('data-x0'))) * 1_000) / span
    assert.ok(Math.abs(perStep - 1.6 * full) < 0.05, `zoomed in 1.6 times: ${perStep} px a step, ${full} before`)
    const far = await x('stage2.step60') // not near the screen when the zoom was drawn
    assert.ok(Math.abs(far - (a + 135 * perStep)) < 1.5, `stage2.step60 at ${a + 135 * perStep}: ${far}`)
    await page.close()
  })
})
