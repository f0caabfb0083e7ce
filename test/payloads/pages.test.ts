// The payload pages in headless Chromium: the search and the list, a payload's bars and statuses without a style
// the Content-Security-Policy refuses, nothing wider than a phone at 420 px, and a status that arrives shown
// without a reload by hand. Their HTML over plain HTTP too.

import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import type { Browser } from 'playwright-core'
import { type Collector, startCollector } from '../../src/server/collector.ts'
import { createMemoryStore } from '../../src/store/memory.ts'
import { chromiumMissing, launchChromium } from '../browser/chromium.ts'
import { eventually } from '../server/udp-client.ts'
import { seedMessages } from './seed.ts'

const id = 'f61cbfd7177846279ab179a0b098952e'
let collector: Collector
let base: string
let browser: Browser | undefined
const post = (body: unknown) =>
  fetch(`${base}/api/v1/payloads/status`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })

before(async () => {
  collector = await startCollector({ store: createMemoryStore(), port: 0, log: () => {} })
  base = `http://127.0.0.1:${collector.httpPort}`
  const at = (s: number) => new Date(Date.now() - 60_000 + s * 1_000).toISOString()
  assert.equal((await post([
    ...seedMessages(),
    { service: 'ingress', source: 'insights-client', request_id: id, status: 'received', date: at(0), account: 'test', inventory_id: 'inv-1' },
    { service: 'ingress', source: 'insights-client', request_id: id, status: 'success', date: at(2) },
    { service: 'puptoo', request_id: id, status: 'received', date: at(2) },
    { service: 'puptoo', request_id: id, status: 'error', date: at(5), status_msg: 'could not parse the archive' },
    { service: 'advisor', request_id: id, status: 'received', date: at(5) },
  ])).status, 200)
  await eventually(async () => ((await (await fetch(`${base}/api/v1/payloads`)).json() as any).count === 5 ? true : undefined))
  if (!chromiumMissing) browser = await launchChromium()
})
after(async () => {
  await browser?.close()
  await collector.close()
})

test('the pages over HTTP: the list, a search by another id, a payload, a service, and a 404 that says what to do', async () => {
  const list = await (await fetch(`${base}/payloads`)).text()
  assert.match(list, /5 payloads\./)
  assert.match(list, new RegExp(`href="/payloads/${id}"`))
  const byInventory = await (await fetch(`${base}/payloads?q=inv-1`)).text()
  assert.match(byInventory, /1 payload\./)
  const errors = await (await fetch(`${base}/payloads?errors=on`)).text()
  assert.match(errors, /2 payloads\./)
  const page = await (await fetch(`${base}/payloads/${id}`)).text()
  assert.match(page, /could not parse the archive/)
  assert.match(page, /href="\/c\/payloads\/f61cbfd7177846279ab179a0b098952e">Gantt chart/)
  assert.match(page, /<img class="pl-gantt" src="\/c\/payloads\/f61cbfd7177846279ab179a0b098952e\.svg"/)
  assert.equal((await fetch(`${base}/c/payloads/${id}.svg`)).headers.get('content-type')?.startsWith('image/svg+xml'), true)
  assert.match(page, /ingress:insights-client<\/span><svg[^>]*><rect class="pl-success"/)
  assert.match(page, /puptoo<\/span><svg[^>]*><rect class="pl-error"/)
  assert.match(page, /advisor<\/span><svg[^>]*><rect class="pl-there"/)
  const service = await (await fetch(`${base}/payloads/services/ingress`)).text()
  assert.match(service, /<td>1<\/td><td>100%<\/td><td>2\.00s<\/td>/)
  const missing = await fetch(`${base}/payloads/nosuch`)
  assert.equal(missing.status, 404)
  assert.match(await missing.text(), /No status message has named this request_id/)
})

describe('the payload pages in Chromium', { skip: chromiumMissing }, () => {
  test('no style refused, nothing wider than 420 px, and a new status shown by itself', async () => {
    const page = await browser!.newPage({ viewport: { width: 420, height: 800 } })
    const refused: string[] = []
    page.on('console', (m) => {
      if (m.type() === 'error') refused.push(m.text())
    })
    for (const path of ['/payloads', `/payloads/${id}`, '/payloads/services/ingress']) {
      await page.goto(`${base}${path}`)
      const wide = await page.evaluate<number>('document.documentElement.scrollWidth - innerWidth')
      assert.ok(wide <= 0, `${path} scrolls sideways by ${wide} px at 420 px`)
    }
    assert.deepEqual(refused, [])
    await page.goto(`${base}/payloads/${id}`)
    assert.equal(await page.locator('svg.pl-track rect').count(), 3)
    assert.ok(await page.locator('img.pl-gantt').evaluate((img) => (img as { naturalWidth: number }).naturalWidth > 0), 'the Gantt chart is drawn')
    await page.waitForTimeout(300) // the live script has its stream open
    assert.equal((await post({ service: 'advisor', request_id: id, status: 'success', date: new Date().toISOString() })).status, 200)
    await page.locator('svg.pl-track rect.pl-success').nth(1).waitFor({ timeout: 5_000 })
    await page.close()
  })
})
