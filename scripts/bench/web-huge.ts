// A 200,000-event Gantt page in headless Chromium: from the start of navigation to interactive (the page
// script has read the rows, drawn those near the screen and bound its input), then a fold and an unfold.
// The floor is a 10-event page of the same collector in the same browser, same run (lib/browser-load.ts).
//
//   node --import tsx scripts/bench/web-huge.ts

import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openLevelStore } from '../../src/store/level.ts'
import { browserReport, measureBrowserLoads } from './lib/browser-load.ts'
import { startCollectorChild } from './lib/collector.ts'
import { count, mb, ms, ratio } from './lib/format.ts'
import { type Check, emit } from './lib/report.ts'
import { median } from './lib/stats.ts'
import { T0, timelineMessages } from './lib/timeline-data.ts'

const EVENTS = 200_000
const SMALL = 10
const RUNS = 5
const WARM = 1
const TARGET_MS = 5_000

const data = await mkdtemp(join(tmpdir(), 'upto-bench-huge-'))
const store = await openLevelStore(data)
const big = timelineMessages(EVENTS, 'bench', 'big')
for (let i = 0; i < big.length; i += 5_000) {
  await store.append(big.slice(i, i + 5_000), i === 0 ? [{ context: 'bench', id: 'big', created: T0 }] : [])
}
await store.append(timelineMessages(SMALL, 'bench', 'small'), [{ context: 'bench', id: 'small', created: T0 }])
await store.close()

const collector = await startCollectorChild({ data })
const base = `http://127.0.0.1:${collector.httpPort}`
const size = (await (await fetch(`${base}/c/bench/big`)).arrayBuffer()).byteLength
const floorLoads = await measureBrowserLoads(`${base}/c/bench/small`, RUNS, WARM)
const hugeLoads = await measureBrowserLoads(`${base}/c/bench/big`, RUNS, WARM, 120_000)
await collector.stop()
await rm(data, { recursive: true, force: true })

const ready = (loads: typeof hugeLoads) => (loads.ok ? median(loads.loads.map((l) => Math.max(l.load, l.interactive))) : NaN)
const floor = ready(floorLoads)
const huge = ready(hugeLoads)
const report = browserReport(hugeLoads, `web Gantt page of a ${count(EVENTS)}-event timeline`, RUNS, WARM)
const floorReport = browserReport(floorLoads, `web Gantt page of a ${count(SMALL)}-event timeline`, RUNS, WARM)
const checks: Check[] = [{
  scenario: `web Gantt page of a ${count(EVENTS)}-event timeline in Chromium: loaded and interactive`,
  measured: hugeLoads.ok ? ms(huge) : report.check.measured,
  floor: floorLoads.ok ? `${ms(floor)} (a ${count(SMALL)}-event page, same browser)` : '—',
  ...(hugeLoads.ok && floorLoads.ok ? { ratio: ratio(huge / floor) } : {}),
  target: `≤ ${TARGET_MS / 1000} s`,
  met: hugeLoads.ok ? huge <= TARGET_MS : report.check.met,
}]

emit({
  id: 'web-huge',
  title: 'A 200,000-event Gantt page in a browser',
  checks,
  body: `
The timeline of \`scripts/bench/lib/timeline-data.ts\` with ${count(EVENTS)} events (${count(big.length)} messages; 6 stages, 224 jobs, the
steps under them) in a fresh LevelDB folder, served by the collector in its own process: the page is ${mb(size)}. Past 20,000 rows
the page's chart holds its rows as data; the script draws the rows near the screen only and opens the chart with the levels
that do not fit in 1,000 rows folded (here the steps under their jobs: 230 rows shown). Beside it, the floor: a
${count(SMALL)}-event page of the same collector, in the same browser, the same way.

### ${count(EVENTS)} events

${report.text}

### The floor: ${count(SMALL)} events

${floorReport.text}

${count(EVENTS)} events: **${hugeLoads.ok ? ms(huge) : 'not measured'}** to loaded and interactive (target ≤ ${TARGET_MS / 1000} s):
**${checks[0]!.met ? 'met' : 'missed'}**.
`,
})
