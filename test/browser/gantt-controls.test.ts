// The Gantt page's controls in real headless Chromium: the detail panel a click or Enter pins, the filter
// box and "failures only", the keys to the next and previous failure, and a legend whose swatches differ.

import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import type { Browser, Page } from 'playwright-core'
import { artifact, chromiumMissing, launchChromium } from './chromium.ts'
import { type Served, serve } from './seed.ts'
import { until } from './until.ts'

const T = Date.now() - 120_000

function ev(type: string, name: string, s: number, extra: Record<string, unknown> = {}) {
  return { type, context: 'ship', timeline: 's1', name, host: '', time: T + s * 1_000, ...extra }
}

/** A build, a migration that failed once, a restart on three hosts of which web-3 failed, a smoke test that failed. */
const seed = [
  ev('start', 'build', 0, { host: 'ci-1' }),
  ev('end', 'build', 10, { host: 'ci-1', attrs: { commit: 'abc123', log: 'https://ci.example/run/7' } }),
  ev('start', 'db.migrate', 10, { host: 'db-1' }),
  ev('end', 'db.migrate', 14, { host: 'db-1', status: 'error', message: 'lock timeout', attrs: { table: 'users' } }),
  ev('start', 'db.migrate', 15, { host: 'db-1' }),
  ev('end', 'db.migrate', 25, { host: 'db-1' }),
  ...['web-1', 'web-2', 'web-3'].flatMap((host, i) => [
    ev('start', 'app.restart', 26 + i, { host }),
    ev('end', 'app.restart', 30 + i, { host, ...(host === 'web-3' ? { status: 'failed', message: 'health check' } : {}) }),
  ]),
  ev('start', 'smoke', 40),
  ev('end', 'smoke', 45, { status: 'error', message: 'GET / answered 500' }),
]

let browser: Browser
let served: Served
const problems: string[] = []

before(async () => {
  if (chromiumMissing) return
  browser = await launchChromium()
  served = await serve()
  await served.send(seed)
})

after(async () => {
  await browser?.close()
  await served?.close()
})

async function open(width = 1200): Promise<Page> {
  const page = await browser.newPage({ viewport: { width, height: 800 } })
  page.on('pageerror', (e) => problems.push(e.message))
  await page.goto(`${served.base}/c/ship/s1`)
  await page.waitForSelector('svg.upto-gantt .cursor-g', { state: 'attached' })
  return page
}

const row = (page: Page, name: string, host = '') =>
  page.locator(`g.row[data-name="${name}"]${host ? `[data-host="${host}"]` : ''}`)
const bar = (page: Page, name: string, host = '', n = 0) => row(page, name, host).locator('.bar').nth(n)

/** The panel's facts: term → text. */
async function facts(page: Page): Promise<Record<string, string>> {
  const terms = await page.locator('#detail dt').allTextContents()
  const texts = await page.locator('#detail dd').allTextContents()
  return Object.fromEntries(terms.map((t, i) => [t, texts[i] ?? '']))
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

/** The name and host of the focused bar's row. */
const focused = (page: Page) =>
  page.evaluate<string>(`(() => { const g = document.activeElement?.closest('g.row'); return g ? g.dataset.name + (g.dataset.host ? ' @' + g.dataset.host : '') + ' #' + [...g.querySelectorAll('.bar')].indexOf(document.activeElement) : 'none' })()`)

describe('the detail panel of a bar', { skip: chromiumMissing }, () => {
  test('a click pins it with everything known about the bar, and the pointer elsewhere leaves it', async () => {
    const page = await open()
    const panel = page.locator('#detail')
    assert.equal(await panel.isVisible(), false)
    await bar(page, 'db.migrate', 'db-1', 0).click()
    await panel.waitFor({ state: 'visible' })
    assert.equal(await page.locator('#detail h2').textContent(), 'db.migrate @ db-1')
    assert.deepEqual(await facts(page), {
      name: 'db.migrate',
      host: 'db-1',
      attempt: '1 of 2',
      start: `${new Date(T + 10_000).toISOString()} (+10s)`,
      end: `${new Date(T + 14_000).toISOString()} (+14s)`,
      duration: '4.00s',
      status: 'error',
      message: 'lock timeout',
      table: 'users',
    })
    const links = await page.locator('#detail .dlinks a').evaluateAll((as) => as.map((a) => a.getAttribute('href')))
    assert.deepEqual(links, ['/history/ship?step=db.migrate', '/api/contexts/ship/s1'])
    await bar(page, 'smoke').hover()
    assert.equal(await page.locator('#detail h2').textContent(), 'db.migrate @ db-1', 'hovering another bar leaves the panel as pinned')
    await page.screenshot({ path: artifact('gantt-detail.png') })
    // selectable: the text of the panel can be selected for copying
    const selected = await page.evaluate<string>(`(() => { const r = document.createRange(); r.selectNodeContents(document.querySelector('#detail dl')); const s = getSelection(); s.removeAllRanges(); s.addRange(r); return s.toString() })()`)
    assert.match(selected, /lock timeout/)
    assert.equal(await page.evaluate("getComputedStyle(document.querySelector('#detail dd')).userSelect"), 'text')
    await page.close()
  })

  test('Enter on a focused bar pins it, arrows move it along, Esc closes it; attrs that are web addresses are links', async () => {
    const page = await open()
    await bar(page, 'build', 'ci-1').focus()
    assert.equal(await bar(page, 'build', 'ci-1').getAttribute('role'), 'button')
    await page.keyboard.press('Enter')
    await page.locator('#detail').waitFor({ state: 'visible' })
    const shown = await facts(page)
    assert.equal(shown.commit, 'abc123')
    assert.equal(await page.locator('#detail dd a').getAttribute('href'), 'https://ci.example/run/7')
    assert.equal(shown.attempt, '1 of 1')
    await page.keyboard.press('ArrowDown')
    assert.equal(await page.locator('#detail h2').textContent(), 'db', 'the panel follows the focus')
    assert.equal((await facts(page)).attempt, 'none: implied by its steps')
    await page.keyboard.press('Escape')
    await page.locator('#detail').waitFor({ state: 'hidden' })
    assert.equal(await focused(page), 'db #0', 'the focus stays on the bar')
    // the close button closes it too, and gives the focus back to the chart
    await page.keyboard.press('Enter')
    await page.locator('#detail .close').click()
    await page.locator('#detail').waitFor({ state: 'hidden' })
    assert.deepEqual(problems, [])
    await page.close()
  })

  test('on a 420 px phone it is a sheet across the bottom of the screen', async () => {
    const page = await open(420)
    await bar(page, 'smoke').click()
    await page.locator('#detail').waitFor({ state: 'visible' })
    const box = (await page.locator('#detail').boundingBox())!
    assert.ok(box.x <= 0.5 && Math.abs(box.width - 420) < 1, `full width: ${box.x}, ${box.width}`)
    assert.ok(Math.abs(box.y + box.height - 800) < 1, `at the bottom: ${box.y} + ${box.height}`)
    assert.ok(box.height <= 400, `half the screen at most: ${box.height}`)
    assert.equal((await facts(page)).message, 'GET / answered 500')
    assert.equal(await page.evaluate<number>('document.documentElement.scrollWidth - innerWidth'), 0)
    await page.screenshot({ path: artifact('gantt-detail-420.png') })
    await page.close()
  })
})

describe('the filter of the rows', { skip: chromiumMissing }, () => {
  test('typing a host shows its rows and their ancestors only, and clearing it shows all again', async () => {
    const page = await open()
    const all = await shownRows(page)
    await page.locator('#filter').fill('web-2')
    assert.deepEqual(await shownRows(page), ['app', 'app.restart @web-2'])
    assert.equal(await page.locator('#filter-count').textContent(), '2 of 8 rows')
    await page.locator('#filter').fill('host:db status:error')
    assert.deepEqual(await shownRows(page), ['db', 'db.migrate @db-1'])
    await page.locator('#filter').fill('name:web')
    assert.deepEqual(await shownRows(page), [], 'no name holds web')
    await page.locator('#filter').fill('')
    assert.deepEqual(await shownRows(page), all)
    await page.close()
  })

  test('"failures only" shows the rows with a failed attempt, under any fold', async () => {
    const page = await open()
    await row(page, 'app').locator('.tw').click()
    assert.equal(await row(page, 'app.restart', 'web-3').isVisible(), false)
    await page.locator('#failures').check()
    assert.deepEqual(await shownRows(page), ['db', 'db.migrate @db-1', 'app', 'app.restart @web-3', 'smoke'])
    await page.locator('#filter').fill('web')
    assert.deepEqual(await shownRows(page), ['app', 'app.restart @web-3'])
    await page.screenshot({ path: artifact('gantt-filter.png') })
    await page.locator('#failures').uncheck()
    await page.locator('#filter').fill('')
    assert.equal(await row(page, 'app.restart', 'web-3').isVisible(), false, 'the fold is back')
    await page.close()
  })
})

describe('the keys to the failures', { skip: chromiumMissing }, () => {
  test('n and p move the focus from failure to failure, coming round, and unfold what hides one', async () => {
    const page = await open()
    await row(page, 'app').locator('.tw').click() // web-3 is folded away
    await bar(page, 'build', 'ci-1').focus()
    await page.keyboard.press('n')
    assert.equal(await focused(page), 'db.migrate @db-1 #0')
    await page.keyboard.press('n')
    assert.equal(await focused(page), 'app.restart @web-3 #0', 'unfolded to reach it')
    assert.equal(await row(page, 'app.restart', 'web-3').isVisible(), true)
    await page.keyboard.press('n')
    assert.equal(await focused(page), 'smoke #0')
    await page.keyboard.press('n')
    assert.equal(await focused(page), 'db.migrate @db-1 #0', 'round to the first')
    await page.keyboard.press('p')
    assert.equal(await focused(page), 'smoke #0')
    await page.keyboard.press('Shift+N')
    assert.equal(await focused(page), 'app.restart @web-3 #0')
    assert.match((await page.locator('#tip').textContent()) ?? '', /^app\.restart @ web-3[\s\S]*status failed/, 'with its tooltip')
    await page.close()
  })

  test('work from anywhere on the page but the filter box, and skip what the filter hides; the keys are in the help', async () => {
    const page = await open()
    await page.locator('h1').click()
    await page.keyboard.press('n')
    assert.equal(await focused(page), 'db.migrate @db-1 #0')
    await page.locator('#filter').fill('smoke')
    await page.locator('#filter').press('n')
    assert.equal(await page.locator('#filter').inputValue(), 'smoken', 'typed into the box')
    await page.locator('#filter').fill('app')
    await page.locator('h1').click()
    await page.keyboard.press('n')
    assert.equal(await focused(page), 'app.restart @web-3 #0')
    await page.keyboard.press('/')
    assert.equal(await page.evaluate("document.activeElement.id"), 'filter')
    const keys = (await page.locator('.keys').textContent()) ?? ''
    assert.match(keys, /n\s*p\s*next, previous failure/)
    assert.match(keys, /Enter\s*or click: details/)
    await page.close()
  })
})

describe('the legend', { skip: chromiumMissing }, () => {
  test('has a swatch for each kind of bar that can be told from every other', async () => {
    const page = await open()
    type Swatch = { text: string; color: number[]; shape: string; visible: boolean }
    const swatches = await page.evaluate<Swatch[]>(`[...document.querySelectorAll('.legend li')].map((li) => {
      const s = getComputedStyle(li, '::before')
      const rgb = (c) => (c.match(/[\\d.]+/g) || []).map(Number)
      const bg = rgb(s.backgroundColor), border = rgb(s.borderTopColor)
      const filled = bg.length >= 3 && (bg[3] ?? 1) > 0
      const bordered = s.borderTopStyle !== 'none' && parseFloat(s.borderTopWidth) > 0
      return {
        text: li.textContent,
        color: filled ? bg.slice(0, 3) : border.slice(0, 3),
        shape: [s.width, s.height, s.borderTopStyle, s.opacity, s.backgroundImage, filled].join(' '),
        visible: filled || bordered || s.backgroundImage !== 'none',
      }
    })`)
    assert.ok(swatches.length >= 8, `${swatches.length} swatches`)
    for (const s of swatches) assert.ok(s.visible, `the swatch of "${s.text}" shows`)
    const far = (a: number[], b: number[]) => Math.hypot(...a.map((x, i) => x - (b[i] ?? 0))) > 60
    for (let i = 0; i < swatches.length; i++) {
      for (let j = i + 1; j < swatches.length; j++) {
        const [a, b] = [swatches[i]!, swatches[j]!]
        assert.ok(a.shape !== b.shape || far(a.color, b.color), `"${a.text}" and "${b.text}" look alike: ${a.shape} ${a.color} / ${b.color}`)
      }
    }
    await page.locator('.legend').screenshot({ path: artifact('gantt-legend.png') })
    await page.close()
  })
})

describe('a page with failures left open', { skip: chromiumMissing }, () => {
  test('keeps the pinned panel and the filter across a live update', async () => {
    const page = await open()
    await page.locator('#filter').fill('smoke')
    await bar(page, 'smoke').click()
    await served.send([ev('start', 'smoke.retry', 50), ev('end', 'smoke.retry', 52, { status: 'error' })])
    await row(page, 'smoke.retry').waitFor({ state: 'visible' })
    assert.deepEqual(await shownRows(page), ['smoke', 'smoke.retry'])
    assert.equal(await page.locator('#filter').inputValue(), 'smoke')
    assert.equal(await page.locator('#filter-count').textContent(), '2 of 9 rows')
    assert.equal(await page.locator('#detail h2').textContent(), 'smoke')
    await until(page, "document.querySelector('#detail').hidden === false")
    await page.close()
  })
})
