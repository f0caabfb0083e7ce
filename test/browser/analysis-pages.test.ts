// The compare and history pages in real headless Chromium: reached from the context and run pages by their
// links, readable at 420 px wide without the page scrolling sideways.

import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import type { Browser, Page } from 'playwright-core'
import { artifact, chromiumMissing, launchChromium } from './chromium.ts'
import { type Served, serve } from './seed.ts'

const T = Date.now() - 3_600_000
let browser: Browser
let served: Served

/** A run of ci: checkout, then two long-named deploy steps; `failAt` ends the second one in error. */
function run(timeline: string, from: number, drain: number, failed = false) {
  const at = (x: number) => T + (from + x) * 1_000
  const step = (name: string, start: number, end: number, status?: string) => [
    { type: 'start', context: 'ci', timeline, name, host: 'ci-runner-with-a-long-host-name', time: at(start) },
    { type: 'end', context: 'ci', timeline, name, host: 'ci-runner-with-a-long-host-name', time: at(end), ...(status ? { status } : {}) },
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
})

after(async () => {
  await browser?.close()
  await served?.close()
})

/** How far the page scrolls sideways: 0 when everything fits the width. */
function sideways(page: Page): Promise<number> {
  return page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth')
}

describe('the compare and history pages in Chromium', { skip: chromiumMissing }, () => {
  test('the context page leads to the history, and the history to the compare, at 420 px without scrolling sideways', async () => {
    const page = await browser.newPage({ viewport: { width: 420, height: 900 } })
    await page.goto(`${served.base}/c/ci`)
    await page.getByRole('link', { name: 'history', exact: true }).click()
    await page.waitForURL(/\/history\/ci$/)
    const names = await page.locator('table.hist td.name').allTextContents()
    assert.deepEqual(names, ['(total)', 'checkout', 'deploy', 'deploy.web', 'deploy.web.drain-connections-gracefully', 'deploy.web.smoke-test-every-endpoint'])
    assert.equal(await page.locator('tr[data-name="deploy.web.smoke-test-every-endpoint"] td').nth(6).textContent(), '1 of 5 (20%)')
    assert.equal(await page.locator('tr[data-name="checkout"] .trend rect').count(), 5)
    assert.equal(await sideways(page), 0)
    await page.screenshot({ path: artifact('history-420.png'), fullPage: true })

    await page.getByRole('link', { name: 'compare the newest run' }).click()
    await page.waitForURL(/\/compare\/ci$/)
    assert.match((await page.locator('.verdict').textContent())!, /^b5 is 1m09s slower than b3 \(\+113%\): deploy\.web\.drain-connections-gracefully \+1m09s$/)
    assert.equal(await page.locator('table.cmp tr[data-name="deploy.web.drain-connections-gracefully"] td.name').textContent(), 'deploy.web.drain-connections-gracefully')
    assert.match((await page.locator('tr[data-name="deploy.web.drain-connections-gracefully"] td.beyond').textContent())!, /^4\.1× its p90$/)
    assert.match((await page.locator('header').textContent())!, /failed runs left out \(they stopped early\): b4/)
    assert.equal(await sideways(page), 0)
    await page.screenshot({ path: artifact('compare-420.png'), fullPage: true })
    await page.close()
  })

  test('a run page leads to its compare with the run before it', async () => {
    const page = await browser.newPage({ viewport: { width: 420, height: 900 } })
    await page.goto(`${served.base}/c/ci/b4`)
    await page.getByRole('link', { name: 'compare with the run before' }).click()
    await page.waitForURL(/\/compare\/ci\?a=b4$/)
    assert.match((await page.locator('.verdict').textContent())!, /^b4 failed at deploy\.web\.smoke-test-every-endpoint after 1m04s \(b3 passed in 1m01s\)$/)
    assert.equal(await sideways(page), 0)
    await page.getByRole('link', { name: 'history' }).click()
    await page.waitForURL(/\/history\/ci$/)
    await page.close()
  })

  test('the compare page shows the bars beside the numbers on a wide screen', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
    await page.goto(`${served.base}/compare/ci`)
    assert.equal(await page.locator('tr[data-name="checkout"] rect').count(), 2)
    assert.ok(await page.locator('tr[data-name="checkout"] td.bars').isVisible())
    assert.equal(await sideways(page), 0)
    await page.screenshot({ path: artifact('compare-wide.png') })
    await page.close()
  })
})
