// The terminal Gantt chart of a big timeline: build it from its stored messages, lay it out and render the
// lines (`upto gantt`, colours on, 120 columns) — 10,000 events, and 100,000 to see how it grows.
//
//   node --import tsx scripts/bench/terminal-gantt.ts

import { buildTimeline } from '../../src/core/timeline.ts'
import { renderTerminalGantt } from '../../src/facets/timelines/terminal-gantt.ts'
import { count, ms, ratio, table } from './lib/format.ts'
import { framesTable, profileSelf, topFrames } from './lib/profile.ts'
import { type Check, emit } from './lib/report.ts'
import { median } from './lib/stats.ts'
import { T0, timelineMessages } from './lib/timeline-data.ts'

const sizes = [{ events: 10_000, runs: 15 }, { events: 100_000, runs: 5 }]

interface Figures {
  events: number
  messages: number
  rows: number
  first: number
  build: number[]
  render: number[]
  total: number[]
}

function measure(events: number, runs: number): Figures {
  const messages = timelineMessages(events)
  const info = { context: 'bench', id: 'big', created: T0 }
  const f: Figures = { events, messages: messages.length, rows: 0, first: NaN, build: [], render: [], total: [] }
  for (let i = 0; i <= runs; i++) {
    const t0 = performance.now()
    const timeline = buildTimeline(info, messages)
    const t1 = performance.now()
    const lines = renderTerminalGantt(timeline, { width: 120, now: T0 + 3_600_000, color: true })
    const t2 = performance.now()
    f.rows = lines.length
    // the first run is a cold start (as `upto gantt` is): shown, not counted
    if (i === 0) {
      f.first = t2 - t0
      continue
    }
    f.build.push(t1 - t0)
    f.render.push(t2 - t1)
    f.total.push(t2 - t0)
  }
  return f
}

if (process.env.UPTO_BENCH_PROFILE === 'terminal-gantt') {
  measure(10_000, 3)
  process.exit(0)
}

const results = sizes.map((s) => measure(s.events, s.runs))
const [small, large] = results as [Figures, Figures]
const growth = median(large.total) / median(small.total)
const checks: Check[] = [
  {
    scenario: 'terminal Gantt of 10,000 events: build + lay out + render',
    measured: ms(median(small.total)),
    floor: '—',
    target: '≤ 100 ms',
    met: median(small.total) <= 100,
  },
  {
    scenario: 'terminal Gantt of 100,000 events',
    measured: ms(median(large.total)),
    floor: `${ms(median(small.total))} (10,000 events)`,
    ratio: ratio(growth),
    target: '≤ 12×',
    met: growth <= 12,
  },
]

let limits = ''
if (checks.some((c) => !c.met)) {
  const dir = await profileSelf('terminal-gantt', { UPTO_BENCH_PROFILE: 'terminal-gantt' })
  limits = '\n\nWhat limits it — CPU profile of four builds and renders of 10,000 events, busy time by function:\n\n' +
    framesTable(topFrames(dir))
}

const rows = results.map((f) => [
  count(f.events), count(f.messages), count(f.rows), ms(median(f.build)), ms(median(f.render)), ms(median(f.total)), ms(f.first),
])
emit({
  id: 'terminal-gantt',
  title: 'Terminal Gantt of a big timeline',
  checks,
  body: `
A CI-like timeline (\`scripts/bench/lib/timeline-data.ts\`): steps under stages and jobs on nine hosts, a failure in 31, a retry in 97,
a mark in 50, some still running; its messages in an arrival order that is not time order. Timed in one process: \`buildTimeline\`
(pairing, attempts, the tree) from the messages, then \`renderTerminalGantt\` (layout and lines, colours on, 120 columns).
Medians of ${sizes[0]!.runs} and ${sizes[1]!.runs} runs back to back; the first, cold run is shown apart.

${table(['events', 'messages', 'lines', 'build', 'lay out + render', 'total', 'first (cold) run'], rows)}

10,000 events: **${ms(median(small.total))}** (target ≤ 100 ms): **${checks[0]!.met ? 'met' : 'missed'}**.
100,000 / 10,000: **${ratio(growth)}** (target ≤ 12×): **${checks[1]!.met ? 'met' : 'missed'}**.${limits}
`,
})
