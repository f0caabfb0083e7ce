// The Gantt page in real headless Chromium: rows, bar geometry, tooltips on hover and focus, folding,
// zoom, escaping, and live updates over server-sent events without a reload.

import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import type { Browser, Page } from 'playwright-core'
import { artifact, chromiumMissing, launchChromium } from './chromium.ts'
import { type Served, serve } from './seed.ts'
import { until } from './until.ts'

const EVIL = '<script>alert(1)</script>'
const T = Date.now() - 120_000

function ev(type: string, name: string, s: number, extra: Record<string, unknown> = {}) {
  return { type, context: 'deploy', timeline: 'd1', name, host: '', time: T + s * 1_000, ...extra }
}

/** The run the live test changes: a context of its own, as the suites run side by side. */
function live(type: string, name: string, s: number, extra: Record<string, unknown> = {}) {
  return ev(type, name, s, { context: 'release', timeline: 'r1', ...extra })
}

/** A finished deploy: a retry, a step on two hosts, nine idle seconds, a mark, a name like a script. */
const seed = [
  ev('start', 'build', 0, { host: 'ci-1' }),
  ev('end', 'build', 10, { host: 'ci-1' }),
  ev('start', 'db.migrate', 10, { host: 'db-1' }),
  ev('end', 'db.migrate', 14, { host: 'db-1', status: 'error', message: 'lock timeout', attrs: { table: 'users' } }),
  ev('start', 'db.migrate', 15, { host: 'db-1' }),
  ev('end', 'db.migrate', 25, { host: 'db-1' }),
  ev('start', 'app.restart', 26, { host: 'web-1' }),
  ev('end', 'app.restart', 30, { host: 'web-1' }),
  ev('start', 'app.restart', 26.5, { host: 'web-2' }),
  ev('end', 'app.restart', 31, { host: 'web-2' }),
  ev('start', 'smoke', 40),
  ev('end', 'smoke', 45),
  ev('mark', 'smoke.tested', 45),
  ev('start', EVIL, 45),
  ev('end', EVIL, 46),
]

let browser: Browser
let served: Served
const dialogs: string[] = []

before(async () => {
  if (chromiumMissing) return
  browser = await launchChromium()
  served = await serve()
  await served.send(seed)
  await served.send([live('start', 'prep.fetch', 0), live('end', 'prep.fetch', 20), live('start', 'prep.unpack', 20), live('end', 'prep.unpack', 30)])
})

after(async () => {
  await browser?.close()
  await served?.close()
})

async function open(path: string, colorScheme: 'light' | 'dark' = 'light'): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1200, height: 800 }, colorScheme })
  page.on('dialog', (d) => {
    dialogs.push(d.message())
    void d.dismiss()
  })
  await page.goto(`${served.base}${path}`)
  await page.waitForSelector('svg.upto-gantt .cursor-g', { state: 'attached' })
  return page
}

const row = (page: Page, name: string, host = '') =>
  page.locator(`g.row[data-name="${name}"]${host ? `[data-host="${host}"]` : ''}`)
const bar = (page: Page, name: string, host = '', n = 0) => row(page, name, host).locator('.bar').nth(n)

async function box(page: Page, name: string, host = '', n = 0) {
  const b = await bar(page, name, host, n).boundingBox()
  assert.ok(b, `${name} has a bar on screen`)
  return b
}

async function shownRows(page: Page): Promise<string[]> {
  const out: string[] = []
  for (const r of await page.locator('g.row').all()) {
    if (!(await r.isVisible())) continue
    const host = await r.getAttribute('data-host')
    out.push(`${await r.getAttribute('data-name')}${host ? ` @${host}` : ''}`)
  }
  return out
}

describe('the Gantt page in Chromium', { skip: chromiumMissing }, () => {
  test('shows one row per step and host, ancestors first, and every bar where its times say', async () => {
    const page = await open('/c/deploy/d1')
    assert.deepEqual(await shownRows(page), [
      'build @ci-1', 'db', 'db.migrate @db-1', 'app', 'app.restart @web-1', 'app.restart @web-2', 'smoke', 'smoke.tested', EVIL,
    ])
    const svg = page.locator('svg.upto-gantt')
    const left = (await svg.boundingBox())!.x
    const x0 = Number(await svg.getAttribute('data-x0'))
    const x1 = Number(await svg.getAttribute('data-x1'))
    const px = (s: number) => left + x0 + (s / 46) * (x1 - x0) // the axis runs from 0 s to 46 s
    const near = (a: number, b: number, what: string) => assert.ok(Math.abs(a - b) < 1.5, `${what}: ${a} vs ${b}`)
    for (const [name, host, n, from, to] of [
      ['build', 'ci-1', 0, 0, 10],
      ['db.migrate', 'db-1', 0, 10, 14],
      ['db.migrate', 'db-1', 1, 15, 25],
      ['app.restart', 'web-2', 0, 26.5, 31],
      ['smoke', '', 0, 40, 45],
    ] as const) {
      const b = await box(page, name, host, n)
      near(b.x, px(from), `${name} #${n} starts`)
      near(b.x + b.width, px(to), `${name} #${n} ends`)
    }
    assert.equal(await bar(page, 'db.migrate', 'db-1', 0).getAttribute('class'), 'bar done t-error')
    const gaps = page.locator('svg .gap')
    const idle: number[][] = []
    for (const g of await gaps.all()) idle.push([Number(await g.getAttribute('data-start')) - T, Number(await g.getAttribute('data-end')) - T])
    assert.deepEqual(idle, [[14_000, 15_000], [25_000, 26_000], [31_000, 40_000]], 'the waits between steps')
    const gap = (await gaps.nth(2).boundingBox())!
    near(gap.x, px(31), 'the gap starts when app.restart ends')
    near(gap.x + gap.width, px(40), 'the gap ends when smoke starts')
    await page.screenshot({ path: artifact('gantt-light.png'), fullPage: true })
    await page.close()
  })

  test('shows a tooltip with name, host, times, duration, status, message and attrs on hover', async () => {
    const page = await open('/c/deploy/d1')
    const tip = page.locator('#tip')
    assert.equal(await tip.isVisible(), false)
    await bar(page, 'db.migrate', 'db-1', 0).hover()
    await tip.waitFor({ state: 'visible' })
    const text = await tip.textContent()
    for (const line of ['db.migrate @ db-1', 'attempt 1 of 2', `start ${new Date(T + 10_000).toISOString()}`, 'duration 4.00s', 'status error', 'message lock timeout', 'table=users']) {
      assert.ok(text?.includes(line), `${line} in ${text}`)
    }
    await page.screenshot({ path: artifact('gantt-tooltip.png') })
    await page.mouse.move(5, 5)
    await tip.waitFor({ state: 'hidden' })
    await page.close()
  })

  test('moves through the bars with the keyboard, with the tooltip on the focused one', async () => {
    const page = await open('/c/deploy/d1')
    await bar(page, 'build', 'ci-1').focus()
    const tip = page.locator('#tip')
    await tip.waitFor({ state: 'visible' })
    assert.match((await tip.textContent()) ?? '', /^build @ ci-1/)
    await page.keyboard.press('ArrowDown')
    assert.match((await tip.textContent()) ?? '', /^db\s*implied by its steps/)
    await page.keyboard.press('ArrowDown')
    await page.keyboard.press('ArrowDown')
    assert.match((await tip.textContent()) ?? '', /^db\.migrate @ db-1\s*attempt 2 of 2/)
    assert.equal(await bar(page, 'db.migrate', 'db-1', 1).getAttribute('tabindex'), '0', 'the focused bar is the tab stop')
    await page.keyboard.press('Escape')
    await tip.waitFor({ state: 'hidden' })
    await page.close()
  })

  test('folds an ancestor by click and by keyboard, and the rows below move up', async () => {
    const page = await open('/c/deploy/d1')
    const appY = async () => (await row(page, 'app').boundingBox())!.y
    const before = await appY()
    await row(page, 'db').locator('.tw').click()
    assert.equal(await row(page, 'db.migrate', 'db-1').isVisible(), false)
    assert.equal(await row(page, 'db').getAttribute('aria-expanded'), 'false')
    assert.equal(await row(page, 'db').locator('.tw').textContent(), '▸')
    assert.ok(Math.abs(before - (await appY()) - 22) < 1, 'app moved up one row')
    await page.screenshot({ path: artifact('gantt-folded.png') })
    await row(page, 'db').locator('.tw').click()
    assert.equal(await row(page, 'db.migrate', 'db-1').isVisible(), true)

    await bar(page, 'app').focus()
    await page.keyboard.press('ArrowLeft')
    assert.equal(await row(page, 'app.restart', 'web-1').isVisible(), false)
    await page.keyboard.press('ArrowRight')
    assert.equal(await row(page, 'app.restart', 'web-1').isVisible(), true)
    await page.close()
  })

  test('zooms and pans the time axis with keys and buttons, and fits again', async () => {
    const page = await open('/c/deploy/d1')
    const width = async () => (await box(page, 'db.migrate', 'db-1', 1)).width
    const full = await width()
    await bar(page, 'db.migrate', 'db-1', 1).focus()
    await page.keyboard.press('+')
    await page.keyboard.press('+')
    const zoomed = await width()
    assert.ok(zoomed > full * 2, `zoomed in: ${zoomed} > 2 × ${full}`)
    const ticks = await page.locator('.tick').allTextContents()
    await page.keyboard.press('Shift+ArrowRight')
    assert.notDeepEqual(await page.locator('.tick').allTextContents(), ticks, 'panning moves the ticks')
    await page.keyboard.press('0')
    assert.ok(Math.abs((await width()) - full) < 0.5, 'fit shows it all again')
    await page.locator('button[data-zoom="in"]').click()
    assert.ok((await width()) > full)
    await page.locator('button[data-zoom="fit"]').click()
    assert.ok(Math.abs((await width()) - full) < 0.5)
    await page.close()
  })

  test('shows an event named like a script as text, and runs no script from it', async () => {
    const page = await open('/c/deploy/d1')
    assert.equal(await row(page, EVIL).locator('.label').textContent(), EVIL)
    await bar(page, EVIL).hover()
    assert.match((await page.locator('#tip').textContent()) ?? '', /^<script>alert\(1\)<\/script>/)
    assert.deepEqual(dialogs, [])
    await page.close()
  })

  test('reads in the dark too', async () => {
    const page = await open('/c/deploy/d1', 'dark')
    assert.equal(await page.evaluate('getComputedStyle(document.body).backgroundColor'), 'rgb(13, 17, 23)')
    assert.equal(await page.evaluate("getComputedStyle(document.querySelector('.upto-gantt .label')).fill"), 'rgb(230, 237, 243)')
    await page.screenshot({ path: artifact('gantt-dark.png'), fullPage: true })
    await page.close()
  })
})

describe('a Gantt page left open', { skip: chromiumMissing }, () => {
  test('shows a new step without a reload, keeps folds and zoom, and its running bar grows with the clock', async () => {
    const page = await open('/c/release/latest')
    await page.evaluate('window.__notReloaded = true')
    assert.equal(await row(page, 'verify').count(), 0)
    await row(page, 'prep').locator('.tw').click()
    assert.equal(await row(page, 'prep.fetch').isVisible(), false)
    await served.send([live('start', 'verify', (Date.now() - T) / 1_000 - 2, { host: 'ci-1' })])
    await row(page, 'verify').waitFor({ state: 'visible' })
    assert.equal(await page.evaluate('window.__notReloaded'), true, 'the page was not reloaded')
    assert.equal(await bar(page, 'verify').getAttribute('class'), 'bar running t-running')
    assert.match((await page.locator('.summary').textContent()) ?? '', /running…/)
    assert.equal(await row(page, 'prep.fetch').isVisible(), false, 'still folded after the refresh')
    const end = async () => {
      const b = await box(page, 'verify')
      return b.x + b.width
    }
    const first = await box(page, 'prep')
    const grownFrom = first.width
    await until(page, `document.querySelector('g.row[data-name="prep"] .bar').getBoundingClientRect().width < ${grownFrom} - 0.5`)
    const svg = page.locator('svg.upto-gantt')
    const right = (await svg.boundingBox())!.x + Number(await svg.getAttribute('data-x1'))
    assert.ok(Math.abs((await end()) - right) < 1.5, 'the running bar reaches now, the right end of the axis')
    await page.screenshot({ path: artifact('gantt-live.png'), fullPage: true })

    await bar(page, 'verify').focus()
    await page.keyboard.press('-') // nothing to zoom out of: still all of it
    await page.keyboard.press('+')
    const ticks = await page.locator('.tick').allTextContents()

    await served.send([live('end', 'verify', (Date.now() - T) / 1_000, { host: 'ci-1', status: 'failed', message: 'checksum mismatch' })])
    await until(page, `document.querySelector('g.row[data-name="verify"] .bar').classList.contains('t-error')`)
    assert.equal(await page.evaluate('window.__notReloaded'), true)
    assert.deepEqual(await page.locator('.tick').allTextContents(), ticks, 'still zoomed after the refresh')
    assert.match((await page.locator('#tip').textContent()) ?? '', /^verify @ ci-1[\s\S]*status failed\s+message checksum mismatch/, 'the focused bar keeps its tooltip, updated')
    await page.close()
  })
})
