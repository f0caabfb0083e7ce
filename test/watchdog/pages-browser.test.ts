// The services pages in real headless Chromium at 420 px wide: neither scrolls sideways (long names and hosts
// scroll inside the table's box), the script runs under the strict CSP, and the table follows a new service live.

import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import type { Browser } from 'playwright-core'
import { artifact, chromiumMissing, launchChromium } from '../browser/chromium.ts'
import { type Served, serve } from '../browser/seed.ts'

let browser: Browser
let served: Served
const post = (path: string, body: unknown) => fetch(`${served.base}${path}`, { method: 'POST', body: JSON.stringify(body) })
const onboarding = (uuid: string, name: string) => ({
  uuid, 'protocol-version': 1, timestamp: new Date().toISOString(),
  identifier: { type: 'Thermostat', name, location: 'vienna', 'host-name': 'raspberry-pi-in-the-living-room.home.example.org' },
})

before(async () => {
  if (chromiumMissing) return
  browser = await launchChromium()
  served = await serve()
  await post('/api/services/onboard', onboarding('u1', 'living-room-thermostat-display-driver'))
  await post('/api/services/Thermostat-1/runtime', { session: 1, cpu: 2.5, memory: 123456789, 'messages-received': 1234 })
  await post('/api/services/Thermostat-1/config', { session: 1, config: { mqtt: { address: 'broker.home.example.org', password: 'hunter2' } } })
})

after(async () => {
  await browser?.close()
  await served?.close()
})

describe('the services pages at 420 px wide', { skip: chromiumMissing }, () => {
  for (const path of ['/services', '/services/Thermostat-1']) {
    test(`${path} does not scroll sideways`, async () => {
      const page = await browser.newPage({ viewport: { width: 420, height: 800 } })
      const errors: string[] = []
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text())
      })
      await page.goto(`${served.base}${path}`)
      assert.equal(await page.evaluate<number>('document.documentElement.scrollWidth - innerWidth'), 0)
      await page.screenshot({ path: artifact(`watchdog${path.replace(/\//g, '_')}.png`), fullPage: true })
      assert.deepEqual(errors, [])
      await page.close()
    })
  }

  test('the table follows a new service live', async () => {
    const page = await browser.newPage({ viewport: { width: 420, height: 800 } })
    await page.goto(`${served.base}/services`)
    await post('/api/services/onboard', onboarding('u2', 'kitchen'))
    await page.waitForSelector('a[href="/services/Thermostat-2"]', { timeout: 10_000 })
    await page.close()
  })
})
