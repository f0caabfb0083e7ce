// Every page at 420 px wide, a phone's width, in real headless Chromium: none scrolls sideways, the Gantt
// chart fits its box (names cut at 40 % of the width, `fit` shows the last bar), lists fit, and a page that
// is not there is an HTML page with the closest names.

import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import type { Browser, Page } from 'playwright-core'
import { artifact, chromiumMissing, launchChromium } from './chromium.ts'
import { type Served, serve } from './seed.ts'

const T = Date.now() - 3_600_000
const HOST = 'ci-runner-with-a-long-host-name'
let browser: Browser
let served: Served

/** A run of ci: long names on a long host name, the last step failed in run b4. */
function run(timeline: string, from: number, drain: number, failed = false) {
  const at = (x: number) => T + (from + x) * 1_000
  const step = (name: string, start: number, end: number, status?: string) => [
    { type: 'start', context: 'ci', timeline, name, host: HOST, time: at(start) },
    { type: 'end', context: 'ci', timeline, name, host: HOST, time: at(end), ...(status ? { status, message: 'exit 1' } : {}) },
  ]
  return [
    ...step('checkout', 0, 10),
    ...step('deploy.web.drain-connections-gracefully', 10, 10 + drain),
    ...step('deploy.web.smoke-test-every-endpoint', 10 + drain, 40 + drain, failed ? 'error' : undefined),
  ]
}

before(async () => {
  if (chromiumMissing) return
  browser = await launchChromium()
  served = await serve()
  for (const [i, drain] of [20, 22, 21, 24, 90].entries()) await served.send(run(`b${i + 1}`, i * 200, drain, i === 3))
  // a context with a long name, for the list of contexts
  await served.send([
    { type: 'start', context: 'packer-base-image-ubuntu-24.04-with-cuda', timeline: 'p1', name: 'build', host: '', time: T },
    { type: 'end', context: 'packer-base-image-ubuntu-24.04-with-cuda', timeline: 'p1', name: 'build', host: '', time: T + 5_000 },
  ])
})

after(async () => {
  await browser?.close()
  await served?.close()
})

async function open(path: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 420, height: 800 } })
  await page.goto(`${served.base}${path}`)
  return page
}

/** How far the page scrolls sideways: 0 when everything fits the width. */
const sideways = (page: Page) => page.evaluate<number>('document.documentElement.scrollWidth - innerWidth')

describe('at 420 px wide', { skip: chromiumMissing }, () => {
  for (const path of ['/', '/c/ci', '/c/ci/b4', '/compare/ci', '/history/ci']) {
    test(`${path} does not scroll sideways`, async () => {
      const page = await open(path)
      if (path === '/c/ci/b4') await page.waitForSelector('svg.upto-gantt .cursor-g', { state: 'attached' })
      assert.equal(await sideways(page), 0)
      await page.screenshot({ path: artifact(`narrow${path.replace(/\//g, '_')}.png`), fullPage: true })
      await page.close()
    })
  }

  test('the lists fit: no table is wider than the page', async () => {
    for (const path of ['/', '/c/ci']) {
      const page = await open(path)
      const table = (await page.locator('table').boundingBox())!
      assert.ok(table.x >= 0 && table.x + table.width <= 420, `${path}: the table spans ${table.x} to ${table.x + table.width}`)
      await page.close()
    }
  })

  test('the Gantt chart fits its box, with names cut at 40 % of its width', async () => {
    const page = await open('/c/ci/b4')
    await page.waitForSelector('svg.upto-gantt .cursor-g', { state: 'attached' })
    const scroller = page.locator('.scroll')
    const box = (await scroller.boundingBox())!
    const svg = (await page.locator('svg.upto-gantt').boundingBox())!
    assert.ok(svg.width <= box.width + 0.5, `the chart (${svg.width} px) fits its box (${box.width} px)`)
    assert.equal(await scroller.evaluate((el) => el.scrollWidth - el.clientWidth), 0, 'nothing to scroll in the box')
    // what shows of each name: its box, cut by its clip (the clip's rect is in the row's own coordinates)
    const rights = await page.evaluate<number[]>(`[...document.querySelectorAll('g.row .label')].map((el) => {
      const right = el.getBoundingClientRect().right
      const clip = getComputedStyle(el).clipPath
      const rect = clip === 'none' ? null : document.querySelector(clip.replace(/^url\\(["']?|["']?\\)$/g, '') + ' rect')
      return rect ? Math.min(right, el.ownerSVGElement.getBoundingClientRect().left + Number(rect.getAttribute('width'))) : right
    })`)
    assert.ok(rights.length >= 3)
    for (const right of rights) assert.ok(right - svg.x <= svg.width * 0.4 + 1, `a name ends within 40 % of the chart: ${right - svg.x} of ${svg.width}`)
    const firstBar = (await page.locator('g.row .bar').first().boundingBox())!
    assert.ok(firstBar.x - svg.x >= svg.width * 0.4, 'the bars start right of the names')
    await page.close()
  })

  test('fit brings the last bar back into view after a zoom', async () => {
    const page = await open('/c/ci/b4')
    await page.waitForSelector('svg.upto-gantt .cursor-g', { state: 'attached' })
    const last = page.locator('g.row[data-name="deploy.web.smoke-test-every-endpoint"] .bar')
    const box = (await page.locator('.scroll').boundingBox())!
    await page.locator('button[data-zoom="in"]').click()
    await page.locator('button[data-zoom="in"]').click()
    await page.locator('button[data-zoom="fit"]').click()
    const bar = (await last.boundingBox())!
    assert.ok(bar.width > 1, 'the last bar is drawn')
    assert.ok(bar.x >= box.x && bar.x + bar.width <= box.x + box.width + 0.5, `in view: ${bar.x}–${bar.x + bar.width} within ${box.x}–${box.x + box.width}`)
    assert.equal(await page.locator('.scroll').evaluate((el) => el.scrollLeft), 0)
    await page.close()
  })

  test('a run that is not there is an HTML page that leads to the closest ones', async () => {
    const page = await browser.newPage({ viewport: { width: 420, height: 800 } })
    const res = await page.goto(`${served.base}/c/ci/b6`)
    assert.equal(res?.status(), 404)
    assert.match((await page.locator('h1').textContent()) ?? '', /404 · Not found/)
    assert.match((await page.locator('.error-message').textContent()) ?? '', /no timeline "b6" in context "ci" \(did you mean/)
    assert.equal(await sideways(page), 0)
    await page.screenshot({ path: artifact('narrow-404.png'), fullPage: true })
    await page.locator('.suggestions a', { hasText: 'b1' }).click()
    await page.waitForURL(/\/c\/ci\/b1$/)
    await page.waitForSelector('svg.upto-gantt')
    await page.goto(`${served.base}/c/cj/latest`)
    await page.locator('.suggestions a', { hasText: 'ci' }).click()
    await page.waitForURL(/\/c\/ci\/latest$/)
    await page.close()
  })
})
