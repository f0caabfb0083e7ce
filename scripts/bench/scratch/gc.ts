import { buildTimeline } from '../../../src/core/timeline.ts'
import { renderTerminalGantt } from '../../../src/render/terminal-gantt.ts'
import { T0, timelineMessages } from '../lib/timeline-data.ts'
const msgs = timelineMessages(10000)
const info = { context: 'bench', id: 'big', created: T0 }
for (let i = 0; i < 5; i++) { const tl = buildTimeline(info, msgs); renderTerminalGantt(tl, { width: 120, now: T0 + 3_600_000, color: true }) }
console.log('---')
const t0 = performance.now()
const tl = buildTimeline(info, msgs)
const t1 = performance.now()
renderTerminalGantt(tl, { width: 120, now: T0 + 3_600_000, color: true })
console.log('build', (t1 - t0).toFixed(1), 'render', (performance.now() - t1).toFixed(1))
