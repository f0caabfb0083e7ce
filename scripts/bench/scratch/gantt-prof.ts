import { buildTimeline } from '../../../src/core/timeline.ts'
import { renderTerminalGantt } from '../../../src/render/terminal-gantt.ts'
import { T0, timelineMessages } from '../lib/timeline-data.ts'
const msgs = timelineMessages(10000)
const info = { context: 'bench', id: 'big', created: T0 }
const what = process.env.WHAT ?? 'build'
const tl = buildTimeline(info, msgs)
for (let i = 0; i < 30; i++) {
  if (what === 'build') buildTimeline(info, msgs)
  else renderTerminalGantt(tl, { width: 120, now: T0 + 3_600_000, color: true })
}
