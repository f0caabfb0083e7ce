import { buildTimeline } from '../../../src/core/timeline.ts'
import { layoutGantt } from '../../../src/core/layout.ts'
import { renderTerminalGantt } from '../../../src/render/terminal-gantt.ts'
import { T0, timelineMessages } from '../lib/timeline-data.ts'
const msgs = timelineMessages(10000)
const info = { context: 'bench', id: 'big', created: T0 }
for (let i = 0; i < 5; i++) { const tl = buildTimeline(info, msgs); renderTerminalGantt(tl, { width: 120, now: T0 + 3_600_000, color: true }) }
const gc = (globalThis as { gc?: () => void }).gc!
gc()
const h = () => process.memoryUsage().heapUsed / 1e6
let a = h()
const t0 = performance.now()
const tl = buildTimeline(info, msgs)
const t1 = performance.now()
console.log('build MB', (h() - a).toFixed(1), 'ms', (t1 - t0).toFixed(1))
a = h()
const t2 = performance.now()
const layout = layoutGantt(tl, { width: 80, now: T0 + 3_600_000 })
console.log('layout MB', (h() - a).toFixed(1), 'ms', (performance.now() - t2).toFixed(1))
a = h()
const t3 = performance.now()
const lines = renderTerminalGantt(tl, { width: 120, now: T0 + 3_600_000, color: true })
console.log('render (incl. layout) MB', (h() - a).toFixed(1), 'ms', (performance.now() - t3).toFixed(1), layout.rows.length, lines.length)
