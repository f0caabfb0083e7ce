// The list pages in real headless Chromium: contexts and runs link to the charts, and the list of
// contexts updates itself when a run starts.

import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import type { Browser } from 'playwright-core'
import { artifact, chromiumMissing, launchChromium } from './chromium.ts'
import { type Served, serve } from './seed.ts'

const T = Date.now() - 600_000
let browser: Browser
let served: Served

function run(context: string, timeline: string, s: number, length: number, status = 'ok') {
  const at = (x: number) => T + x * 1_000
  return [
    { type: 'start', context, timeline, name: 'build', host: 'ci', time: at(s) },
    { type: 'end', context, timeline, name: 'build', host: 'ci', time: at(s + length), status },
  ]
}

before(async () => {
  if (chromiumMissing) return
  browser = await launchChromium()
  served = await serve()
  for (const [i, length] of [40, 42, 90, 41].entries()) await served.send(run('ci', `b${i + 1}`, i * 100, length, i === 1 ? 'error' : 'ok'))
})

after(async () => {
  await browser?.close()
  await served?.close()
})

describe('the list pages in Chromium', { skip: chromiumMissing }, () => {
  test('list the contexts with a sparkline, and lead to the runs and to a chart', async () => {
    const page = await browser.newPage({ viewport: { width: 1100, height: 600 } })
    await page.goto(`${served.base}/`)
    assert.equal(await page.locator('svg.spark rect').count(), 4)
    await page.screenshot({ path: artifact('contexts.png') })
    await page.getByRole('link', { name: 'ci', exact: true }).click()
    await page.waitForURL(/\/c\/ci$/)
    assert.deepEqual(await page.locator('td.name a').allTextContents(), ['b4', 'b3', 'b2', 'b1'])
    await page.screenshot({ path: artifact('runs.png') })
    await page.getByRole('link', { name: 'b3' }).click()
    await page.waitForSelector('svg.upto-gantt g.row[data-name="build"]')
    await page.close()
  })

  test('show a new context without a reload when its first event arrives', async () => {
    const page = await browser.newPage()
    await page.goto(`${served.base}/`)
    await page.waitForSelector('html.js')
    await page.evaluate('window.__notReloaded = true')
    await served.send([{ type: 'start', context: 'nightly', timeline: 'n1', name: 'backup', host: 'db', time: Date.now() - 1_000 }])
    await page.getByRole('link', { name: 'nightly' }).waitFor({ timeout: 10_000 })
    assert.equal(await page.evaluate('window.__notReloaded'), true)
    assert.match((await page.locator('tr', { hasText: 'nightly' }).textContent()) ?? '', /running…/)
    await page.close()
  })
})
