// Makes docs/gantt.png, the README's picture: the real Gantt page of a demo run, in headless Chromium.
//   node --import tsx scripts/screenshot.ts [out.png]
// A collector runs in this process on a memory store; `upto demo`'s runs are fed to it; the page of
// the CI pipeline with the flaky e2e retry is opened, its failed attempt clicked (its details pinned), and the
// page shot.

import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'
import { demoRuns } from '../src/commands/demo-runs.ts'
import { startCollector } from '../src/server/collector.ts'
import { createMemoryStore } from '../src/store/memory.ts'

const out = process.argv[2] ?? fileURLToPath(new URL('../docs/gantt.png', import.meta.url))
const collector = await startCollector({ port: 0, store: createMemoryStore(), log: () => {} })
const base = `http://127.0.0.1:${collector.httpPort}`
const browser = await chromium.launch({
  executablePath: process.env.UPTO_CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
})
try {
  const runs = demoRuns(Date.now())
  for (const run of runs) {
    const res = await fetch(`${base}/api/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(run.events) })
    if (!res.ok) throw new Error(`the collector refused the demo runs: ${await res.text()}`)
  }
  const flaky = runs.find((r) => r.about.includes('flaky'))
  if (!flaky) throw new Error('no demo run with a flaky retry')
  const page = await browser.newPage({ viewport: { width: 1100, height: 560 }, deviceScaleFactor: 1.5, colorScheme: 'light' })
  await page.goto(`${base}/c/${flaky.context}/${flaky.timeline}`)
  await page.waitForSelector('svg.upto-gantt .cursor-g', { state: 'attached' })
  await page.locator('g.row[data-name="test.e2e"] .bar').first().click()
  await page.locator('#detail').waitFor({ state: 'visible' })
  // the pinned details say it all: the pointer's tooltip goes
  await page.mouse.move(5, 5)
  await page.locator('#tip').waitFor({ state: 'hidden' }).catch(() => {})
  await page.screenshot({ path: out })
  process.stdout.write(`wrote ${out}\n`)
} finally {
  await browser.close()
  await collector.close()
}
