import assert from 'node:assert/strict'
import { buildTimeline } from '../../../src/core/timeline.ts'
import { renderTerminalGantt as fresh } from '../../../src/render/terminal-gantt.ts'
import { renderTerminalGantt as old } from '../../../node_modules/.cache/head/src/render/terminal-gantt.ts'
import { T0, timelineMessages } from '../lib/timeline-data.ts'
const msgs = timelineMessages(3000)
msgs.push({ kind: 'start', context: 'bench', timeline: 'big', name: 'weird.名前\x1b[31m.x\ny', host: 'h\x07ost', time: T0, received: T0 })
const tl = buildTimeline({ context: 'bench', id: 'big', created: T0 }, msgs)
for (const color of [true, false]) for (const width of [30, 80, 200]) {
  assert.deepEqual(fresh(tl, { width, now: T0 + 3_600_000, color }), old(tl, { width, now: T0 + 3_600_000, color }))
}
console.log('same')
