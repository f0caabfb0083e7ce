// A page in headless Chromium (Debian's, through test/browser/chromium.ts; never a downloaded one): each
// load in a fresh context, times from the start of navigation to the HTML parsed, to the page script
// having mounted the chart (it appends `g.cursor-g` then, in the same task that draws it and binds the
// input), to DOMContentLoaded and to load; then one fold and unfold of a top-level ancestor.

import { existsSync } from 'node:fs'
import type { Browser } from 'playwright-core'
import { chromiumPath, launchChromium } from '../../../test/browser/chromium.ts'
import { ms, table } from './format.ts'
import type { Check } from './report.ts'
import { median } from './stats.ts'

const VIEWPORT = { width: 1280, height: 800 }
const TARGET_MS = 5_000

/** ms from the start of navigation; fold and unfold from the click. */
export interface LoadTimes {
  parsed: number
  interactive: number
  dcl: number
  load: number
  foldDom: number
  foldFrame: number
  unfoldDom: number
  unfoldFrame: number
}

export type BrowserLoads =
  | { ok: true; version: string; loads: LoadTimes[]; fold: { name: string; rows: number; hidden: number }; problems: string[] }
  | { ok: false; met: false | undefined; reason: string; problems: string[] }

// In every document, before its scripts. `readyState` turns `interactive` when parsing ends, before
// deferred scripts run: observing only from then keeps the parser's own insertions out.
const WATCH = `document.addEventListener('readystatechange', () => {
  if (document.readyState !== 'interactive') return
  window.__uptoParsed = performance.now()
  new MutationObserver((records, observer) => {
    for (const r of records) for (const n of r.addedNodes) {
      if (n.nodeType === 1 && n.classList.contains('cursor-g')) {
        window.__uptoReady = performance.now()
        observer.disconnect()
        return
      }
    }
  }).observe(document.documentElement, { childList: true, subtree: true })
})`

const TIMES = `(() => {
  const nav = performance.getEntriesByType('navigation')[0]
  return { parsed: window.__uptoParsed, interactive: window.__uptoReady, dcl: nav.domContentLoadedEventStart, load: nav.loadEventStart }
})()`

// A click on the toggle of the first top-level parent row, twice; "frame": the next animation frame has run.
const FOLD = `(async () => {
  const svg = document.querySelector('svg.upto-gantt')
  const parents = [...svg.querySelectorAll('g.row.parent')]
  const row = parents.find((r) => !r.getAttribute('data-name').includes('.')) ?? parents[0]
  if (!row) return null
  const toggle = row.querySelector('.tw')
  const shown = () => svg.querySelectorAll('g.row:not(.hidden)').length
  const frame = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)))
  const click = async () => {
    const t0 = performance.now()
    toggle.dispatchEvent(new MouseEvent('click', { bubbles: true }))
    const dom = performance.now() - t0
    await frame()
    return { dom, frame: performance.now() - t0 }
  }
  await frame()
  const rows = shown()
  const fold = await click()
  const folded = shown()
  const unfold = await click()
  return { name: row.getAttribute('data-name'), rows, hidden: rows - folded, back: shown(), fold, unfold }
})()`

interface FoldAnswer {
  name: string
  rows: number
  hidden: number
  back: number
  fold: { dom: number; frame: number }
  unfold: { dom: number; frame: number }
}

export async function measureBrowserLoads(url: string, runs: number, warm: number, timeoutMs = 60_000): Promise<BrowserLoads> {
  if (!existsSync(chromiumPath)) {
    return { ok: false, met: undefined, reason: `Chromium is not installed at ${chromiumPath}`, problems: [] }
  }
  let browser: Browser
  try {
    browser = await launchChromium()
  } catch (error) {
    return { ok: false, met: undefined, reason: `Chromium did not start: ${message(error)}`, problems: [] }
  }
  const problems = new Set<string>()
  try {
    const loads: LoadTimes[] = []
    let fold: FoldAnswer | undefined
    for (let i = 0; i < warm + runs; i++) {
      const one = await loadOnce(browser, url, problems, timeoutMs)
      if (i >= warm) loads.push(one.times)
      fold = one.fold
    }
    const { name, rows, hidden } = fold!
    return { ok: true, version: browser.version(), loads, fold: { name, rows, hidden }, problems: [...problems] }
  } catch (error) {
    return { ok: false, met: false, reason: message(error), problems: [...problems] }
  } finally {
    await browser.close()
  }
}

async function loadOnce(browser: Browser, url: string, problems: Set<string>, timeoutMs: number) {
  const context = await browser.newContext({ viewport: VIEWPORT })
  let open = true
  const note = (line: string) => open && problems.add(line)
  try {
    await context.addInitScript(WATCH)
    const page = await context.newPage()
    page.on('console', (m) => m.type() === 'error' && note(`console error: ${m.text()}`))
    page.on('pageerror', (e) => note(`page error: ${e.message}`))
    page.on('requestfailed', (r) => note(`${r.method()} ${r.url()} failed: ${r.failure()?.errorText ?? 'unknown'}`))
    page.on('response', (r) => r.status() >= 400 && note(`${r.request().method()} ${r.url()} answered ${r.status()}`))
    await page.goto(url, { waitUntil: 'load', timeout: timeoutMs })
    try {
      await page.waitForFunction('window.__uptoReady !== undefined', undefined, { timeout: timeoutMs })
    } catch {
      const seen = problems.size > 0 ? `: ${[...problems].slice(0, 3).join('; ')}` : ' (no console error, no failed request)'
      throw new Error(`the page script had not mounted the chart ${timeoutMs / 1000} s after load${seen}`)
    }
    const times = await page.evaluate<Pick<LoadTimes, 'parsed' | 'interactive' | 'dcl' | 'load'>>(TIMES)
    const fold = await page.evaluate<FoldAnswer | null>(FOLD)
    if (fold === null || fold.hidden <= 0 || fold.back !== fold.rows) {
      throw new Error(`folding a top-level ancestor did not hide and show its rows: ${JSON.stringify(fold)}`)
    }
    return {
      times: { ...times, foldDom: fold.fold.dom, foldFrame: fold.fold.frame, unfoldDom: fold.unfold.dom, unfoldFrame: fold.unfold.frame },
      fold,
    }
  } finally {
    open = false // closing aborts the change feed: not a problem of the page
    await context.close()
  }
}

function message(error: unknown): string {
  return error instanceof Error ? error.message.split('\n')[0]! : String(error)
}

/** The check row and the markdown under it. */
export function browserReport(result: BrowserLoads, what: string, runs: number, warm: number): { check: Check; text: string } {
  const scenario = `${what} in Chromium: loaded and interactive`
  const target = `reasonable: ≤ ${TARGET_MS / 1000} s`
  const seen = result.problems.length > 0 ? `\n\nWhat the browser reported: ${result.problems.map((p) => `\`${p}\``).join('; ')}.` : ''
  if (!result.ok) {
    return {
      check: { scenario, measured: result.reason, floor: '—', target, met: result.met },
      text: `Not measured in a browser: ${result.reason}.${seen}`,
    }
  }
  const { loads, fold } = result
  const ready = loads.map((l) => Math.max(l.load, l.interactive))
  const row = (label: string, pick: (l: LoadTimes) => number) => {
    const xs = loads.map(pick)
    return [label, ms(median(xs)), `${ms(Math.min(...xs))} – ${ms(Math.max(...xs))}`]
  }
  const rows = [
    row('HTML parsed', (l) => l.parsed),
    row('**interactive**: the page script has drawn the chart and bound its input', (l) => l.interactive),
    row('DOMContentLoaded', (l) => l.dcl),
    row('load', (l) => l.load),
    row(`fold \`${fold.name}\` (${fold.hidden.toLocaleString('en-US')} of ${fold.rows.toLocaleString('en-US')} rows): DOM updated`, (l) => l.foldDom),
    row('fold: next frame', (l) => l.foldFrame),
    row('unfold: DOM updated', (l) => l.unfoldDom),
    row('unfold: next frame', (l) => l.unfoldFrame),
  ]
  const met = median(ready) <= TARGET_MS
  return {
    check: {
      scenario,
      measured: `${ms(median(ready))} to load and interactive`,
      floor: '—',
      target,
      met,
    },
    text: `Headless Chromium ${result.version} (\`${chromiumPath}\`, driven by \`playwright-core\`), viewport ${VIEWPORT.width}×${VIEWPORT.height},
a fresh browser context a load (nothing cached); ${runs} loads after ${warm} to warm up, medians and the range. Times
are the page's own (Navigation Timing, \`performance.now()\`), from the start of navigation; the fold and unfold, from a
click on the toggle of a top-level ancestor, after the page is interactive. Interactive is marked by \`g.cursor-g\`,
which the deferred page script appends to the chart in the task that reads, fits and draws it and binds its input; a
MutationObserver started when parsing ends notes the time after that task.

${table(['in Chromium', 'median', 'range'], rows)}

Loaded and interactive: **${ms(median(ready))}** (the later of the two, median; worst ${ms(Math.max(...ready))}), target ≤ ${TARGET_MS / 1000} s
(the issue says only "a reasonable time"): **${met ? 'met' : 'missed'}**.${seen}`,
  }
}
