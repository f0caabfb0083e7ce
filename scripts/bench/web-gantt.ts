// The web Gantt page of a 10,000-event timeline through the real HTTP server (the collector in its own
// process, on a LevelDB folder holding the timeline): time to the first byte of the answer, to the first
// byte of the chart, and to the last byte. GET /gantt/bench/latest, and /c/bench/latest where it exists.
// Then /c/bench/latest in headless Chromium: loaded, interactive, one fold (lib/browser-load.ts).
//
//   node --import tsx scripts/bench/web-gantt.ts

import { request } from 'node:http'
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openLevelStore } from '../../src/store/level.ts'
import { browserReport, measureBrowserLoads } from './lib/browser-load.ts'
import { startCollectorChild } from './lib/collector.ts'
import { count, mb, ms, table } from './lib/format.ts'
import { framesTable, profileFolder, topFrames } from './lib/profile.ts'
import { type Check, emit } from './lib/report.ts'
import { median, quantile } from './lib/stats.ts'
import { T0, timelineMessages } from './lib/timeline-data.ts'

const EVENTS = 10_000
const RUNS = 20
const WARM = 3
const BROWSER_RUNS = 5
const BROWSER_WARM = 1

interface Timing {
  status: number
  first: number
  chart: number
  last: number
  bytes: number
}

/** One GET: ms to the first byte, to the first byte of the chart (`<svg`), to the last byte. */
function get(port: number, path: string): Promise<Timing> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now()
    const req = request({ host: '127.0.0.1', port, path, headers: { accept: 'text/html' } }, (res) => {
      let first = NaN
      let chart = NaN
      let bytes = 0
      let tail = ''
      res.on('data', (chunk: Buffer) => {
        const now = performance.now()
        if (Number.isNaN(first)) first = now - t0
        const text = tail + chunk.toString('latin1')
        if (Number.isNaN(chart) && text.includes('<svg')) chart = now - t0
        tail = text.slice(-4)
        bytes += chunk.length
      })
      res.on('end', () => resolve({ status: res.statusCode ?? 0, first, chart, last: performance.now() - t0, bytes }))
    })
    req.on('error', reject)
    req.end()
  })
}

// the timeline, stored as the ingest would have: in arrival order, in appends of 1,000 messages
const data = await mkdtemp(join(tmpdir(), 'upto-bench-web-'))
const messages = timelineMessages(EVENTS, 'bench', 'big')
const store = await openLevelStore(data)
for (let i = 0; i < messages.length; i += 1_000) {
  await store.append(messages.slice(i, i + 1_000), i === 0 ? [{ context: 'bench', id: 'big', created: T0 }] : [])
}
await store.close()

async function measure(profileDir?: string) {
  const collector = await startCollectorChild({ data, ...(profileDir ? { profileDir } : {}) })
  const paths = ['/gantt/bench/latest']
  if ((await get(collector.httpPort, '/c/bench/latest')).status === 200) paths.push('/c/bench/latest')
  const timings = new Map<string, Timing[]>(paths.map((p) => [p, []]))
  for (let i = 0; i < WARM + (profileDir ? 3 : RUNS); i++) {
    for (const path of paths) {
      const t = await get(collector.httpPort, path)
      if (t.status !== 200) throw new Error(`GET ${path} answered ${t.status}`)
      if (Number.isNaN(t.chart)) throw new Error(`GET ${path} holds no chart`)
      if (i >= WARM) timings.get(path)!.push(t)
    }
  }
  await collector.stop()
  return timings
}

const timings = await measure()
const main = timings.get('/gantt/bench/latest')!
const ttfb = median(main.map((t) => t.first))
const checks: Check[] = [{
  scenario: 'web Gantt page of 10,000 events, server time to first byte',
  measured: ms(ttfb),
  floor: '—',
  target: '≤ 150 ms',
  met: ttfb <= 150,
}]
const whole = median(main.map((t) => t.last))

let limits = ''
if (whole > 150) {
  const dir = profileFolder('web-gantt')
  await measure(dir)
  limits = `\n\nWhere the time to the last byte goes — the collector's CPU profile over ${WARM + 3} pages, busy time by function:\n\n` +
    framesTable(topFrames(dir))
}
// the browser on a collector of its own, so the figures above are as they were without it
const browserCollector = await startCollectorChild({ data })
const browser = browserReport(
  await measureBrowserLoads(`http://127.0.0.1:${browserCollector.httpPort}/c/bench/latest`, BROWSER_RUNS, BROWSER_WARM),
  `web Gantt page of a ${count(EVENTS)}-event timeline`,
  BROWSER_RUNS,
  BROWSER_WARM,
)
await browserCollector.stop()
checks.push(browser.check)

const { rm } = await import('node:fs/promises')
await rm(data, { recursive: true, force: true })

const rows = [...timings].map(([path, t]) => [
  `\`GET ${path}\``,
  ms(median(t.map((x) => x.first))),
  ms(median(t.map((x) => x.chart))),
  ms(median(t.map((x) => x.last))),
  ms(quantile(t.map((x) => x.last), 0.9)),
  mb(median(t.map((x) => x.bytes))),
])
emit({
  id: 'web-gantt',
  title: 'Web Gantt page of a big timeline',
  checks,
  body: `
The timeline of \`scripts/bench/lib/timeline-data.ts\` with ${count(EVENTS)} events (${count(messages.length)} messages), appended to a fresh
LevelDB folder in arrival order, 1,000 messages an append; then the collector (\`startCollector\`, its own process) serves it.
Each page is fetched whole by the benchmark; ${RUNS} fetches after ${WARM} to warm up, medians.
${timings.has('/c/bench/latest') ? '' : '\n`/c/:context/:timeline` does not answer yet: only `/gantt/...` is measured.\n'}
${table(['page', 'first byte', 'first byte of the chart', 'last byte', 'last byte, p90', 'size'], rows)}

Time to first byte: **${ms(ttfb)}** (target ≤ 150 ms): **${ttfb <= 150 ? 'met' : 'missed'}**. The page sends its head before it
reads the timeline, so the first byte comes before any of the chart's work; the chart itself is complete at the last byte,
${ms(whole)}${whole > 150 ? ' — **over 150 ms**' : ''}.${limits}

### \`/c/bench/latest\` in a browser

${browser.text}
`,
})
