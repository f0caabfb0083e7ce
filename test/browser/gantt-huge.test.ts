// A Gantt page of 200,000 events in real headless Chromium: its rows come as data, the page draws only those
// near the screen and opens with the deep levels folded. Rows must show, tooltips follow the pointer, a fold
// opens and closes, rows scrolled to are drawn where they belong, and the detail panel, the filter and the
// keys to the failures work on rows that are folded or not drawn. The time it takes is the benchmark's
// (scripts/bench/web-huge.ts), not this test's.

import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import type { Browser, Page } from 'playwright-core'
import type { Stored } from '../../src/core/types.ts'
import { type Collector, startCollector } from '../../src/server/collector.ts'
import { createMemoryStore } from '../../src/store/memory.ts'
import { chromiumMissing, launchChromium } from './chromium.ts'
import { until } from './until.ts'

const T = Date.now() - 3_600_000
const STAGES = 4
const JOBS = 50
const STEPS = 1_000
const ROW = 22

/** stage{s}.job{j}.step{k}: 200,000 steps, each job's one after another, the jobs side by side. */
function messages(): Stored[] {
  const out: Stored[] = []
  for (let s = 0; s < STAGES; s++) {
    for (let j = 0; j < JOBS; j++) {
      for (let k = 0; k < STEPS; k++) {
        const name = `stage${s}.job${j}.step${k}`
        const time = T + s * 1_000_000 + k * 1_000 + j
        const host = `runner-${j % 7}`
        const base = { context: 'huge', timeline: 'h1', name, host }
        out.push({ ...base, kind: 'start', time, received: time })
        const failed = k % 97 === 3
        out.push({ ...base, kind: 'end', time: time + 800, received: time + 800, ...(failed ? { status: 'error', message: 'exit 1', attrs: { runner: host } } : {}) })
      }
    }
  }
  return out
}

let browser: Browser
let collector: Collector
let base: string
const problems: string[] = []

before(async () => {
  if (chromiumMissing) return
  const store = createMemoryStore()
  const all = messages()
  for (let i = 0; i < all.length; i += 10_000) {
    await store.append(all.slice(i, i + 10_000), i === 0 ? [{ context: 'huge', id: 'h1', created: T }] : [])
  }
  collector = await startCollector({ port: 0, store, log: () => {}, closeTimeout: 3_000 })
  base = `http://127.0.0.1:${collector.httpPort}`
  browser = await launchChromium()
})

after(async () => {
  await browser?.close()
  await collector?.close()
})

async function open(): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1200, height: 800 } })
  page.on('console', (m) => m.type() === 'error' && problems.push(m.text()))
  page.on('pageerror', (e) => problems.push(e.message))
  await page.goto(`${base}/c/huge/h1`, { timeout: 120_000 })
  await page.waitForSelector('svg.upto-gantt .cursor-g', { state: 'attached', timeout: 120_000 })
  return page
}

const row = (page: Page, name: string) => page.locator(`g.row[data-name="${name}"]`)
const drawnRows = (page: Page) => page.locator('g.row').count()

describe('a Gantt page of 200,000 events', { skip: chromiumMissing }, () => {
  test('opens with the steps folded under their jobs, and draws only the rows near the screen', async () => {
    const page = await open()
    const svg = page.locator('svg.upto-gantt')
    assert.equal(await svg.getAttribute('data-rows'), String(STAGES * (JOBS * (STEPS + 1) + 1)))
    assert.equal(await row(page, 'stage0').isVisible(), true)
    assert.equal(await row(page, 'stage0.job0').isVisible(), true)
    assert.equal(await row(page, 'stage0.job0').getAttribute('aria-expanded'), 'false', 'a job starts folded')
    assert.equal(await row(page, 'stage0.job0.step0').count(), 0, 'its steps are not drawn')
    assert.match((await row(page, 'stage0.job0').locator('.dur').textContent()) ?? '', /^\d+(\.\d+)?(ms|s|m\d+s)$/, 'drawn with its duration')
    const drawn = await drawnRows(page)
    assert.ok(drawn > 20 && drawn <= STAGES * (JOBS + 1), `the folded chart's rows are drawn: ${drawn}`)
    const height = (await svg.boundingBox())!.height
    assert.ok(Math.abs(height - (46 + STAGES * (JOBS + 1) * ROW + 12)) < 2, `the chart is as tall as the rows shown: ${height}`)
    assert.deepEqual(problems, [])
    await page.close()
  })

  test('shows the tooltip of a bar under the pointer', async () => {
    const page = await open()
    await row(page, 'stage0.job1').locator('.bar').hover()
    await until(page, "!document.getElementById('tip').hidden")
    assert.match((await page.locator('#tip').textContent()) ?? '', /stage0\.job1/)
    await page.close()
  })

  test('unfolds a job of 1,000 steps on a click, draws the steps scrolled to, and folds it again', async () => {
    const page = await open()
    await row(page, 'stage1.job2').locator('.tw').click()
    assert.equal(await row(page, 'stage1.job2').getAttribute('aria-expanded'), 'true')
    await row(page, 'stage1.job2.step0').waitFor({ state: 'visible' })
    const drawn = await drawnRows(page)
    assert.ok(drawn < 400, `only the rows near the screen have elements: ${drawn} of ${STAGES * (JOBS + 1) + STEPS} shown`)
    // the last step, a thousand rows down: drawn once scrolled to, below its job by 1,000 rows
    const jobY = (await row(page, 'stage1.job2').boundingBox())!.y + (await page.evaluate<number>('window.scrollY'))
    await page.evaluate(`window.scrollTo(0, ${jobY + STEPS * ROW - 300})`)
    const last = row(page, `stage1.job2.step${STEPS - 1}`)
    await last.waitFor({ state: 'visible' })
    const lastY = (await last.boundingBox())!.y + (await page.evaluate<number>('window.scrollY'))
    assert.ok(Math.abs(lastY - jobY - STEPS * ROW) < 2, `step${STEPS - 1} is ${STEPS} rows under its job: ${lastY - jobY}`)
    const bar = (await last.locator('.bar').boundingBox())!
    assert.ok(bar.width >= 1 && bar.x > 0, 'its bar is placed')
    await page.evaluate(`window.scrollTo(0, ${jobY - 300})`) // back up to the job: drawn again
    await row(page, 'stage1.job2').locator('.tw').click()
    assert.equal(await row(page, 'stage1.job2').getAttribute('aria-expanded'), 'false')
    assert.equal(await row(page, 'stage1.job2.step0').count(), 0, 'folded again, its steps are gone')
    assert.deepEqual(problems, [])
    await page.close()
  })

  test('n goes to the first failure, unfolding its job, and Enter pins its details', async () => {
    const page = await open()
    await row(page, 'stage0').locator('.bar').focus()
    await page.keyboard.press('n')
    const step = row(page, 'stage0.job0.step3')
    await step.waitFor({ state: 'visible' })
    assert.equal(await page.evaluate("document.activeElement?.closest('g.row')?.dataset.name"), 'stage0.job0.step3')
    await page.keyboard.press('Enter')
    await page.locator('#detail').waitFor({ state: 'visible' })
    assert.equal(await page.locator('#detail h2').textContent(), 'stage0.job0.step3 @ runner-0')
    assert.match((await page.locator('#detail dl').textContent()) ?? '', /statuserror\s*messageexit 1/)
    assert.match((await page.locator('#detail dl').textContent()) ?? '', /runnerrunner-0/, 'its attrs, read from the data')
    await page.keyboard.press('n')
    assert.equal(await page.evaluate("document.activeElement?.closest('g.row')?.dataset.name"), 'stage0.job0.step100')
    assert.equal(await page.locator('#detail h2').textContent(), 'stage0.job0.step100 @ runner-0', 'the panel follows')
    assert.deepEqual(problems, [])
    await page.close()
  })

  test('filters 200,000 rows by host and failures, drawing only those near the screen', async () => {
    const page = await open()
    await page.locator('#failures').check()
    await page.locator('#filter').fill('runner-3')
    // 7 jobs of each stage run on runner-3, each with 11 failed steps; their jobs and stages show too
    const shown = STAGES * 7 * 11 + STAGES * 7 + STAGES
    const total = STAGES * (JOBS * (STEPS + 1) + 1)
    await until(page, `document.getElementById('filter-count').textContent === '${shown.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} rows'`)
    assert.equal(await row(page, 'stage0.job3.step3').isVisible(), true)
    assert.equal(await row(page, 'stage0.job0').count(), 0, 'a job on another runner is left out')
    const drawn = await drawnRows(page)
    assert.ok(drawn < 200, `only the rows near the screen are drawn: ${drawn}`)
    await row(page, 'stage0.job3.step3').locator('.bar').click()
    assert.equal(await page.locator('#detail h2').textContent(), 'stage0.job3.step3 @ runner-3')
    await page.locator('#filter').fill('')
    await page.locator('#failures').uncheck()
    await until(page, `document.getElementById('filter-count').textContent === ''`)
    assert.equal(await row(page, 'stage0.job0').isVisible(), true)
    assert.deepEqual(problems, [])
    await page.close()
  })
})
