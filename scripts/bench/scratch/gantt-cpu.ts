import { buildTimeline } from '../../../src/core/timeline.ts'
import { layoutGantt } from '../../../src/core/layout.ts'
import { renderTerminalGantt } from '../../../src/render/terminal-gantt.ts'
import { T0, timelineMessages } from '../lib/timeline-data.ts'
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000 }
const n = Number(process.argv[2] ?? 10000)
const msgs = timelineMessages(n)
const info = { context: 'bench', id: 'big', created: T0 }
const b: number[] = [], l: number[] = [], r: number[] = []
for (let i = 0; i < 12; i++) {
  const c0 = cpu()
  const tl = buildTimeline(info, msgs)
  const c1 = cpu()
  layoutGantt(tl, { width: 80, now: T0 + 3_600_000 })
  const c2 = cpu()
  renderTerminalGantt(tl, { width: 120, now: T0 + 3_600_000, color: true })
  const c3 = cpu()
  if (i >= 2) { b.push(c1 - c0); l.push(c2 - c1); r.push(c3 - c2) }
}
const med = (a: number[]) => a.sort((x, y) => x - y)[a.length >> 1]!.toFixed(1)
console.log(n, 'cpu ms: build', med(b), 'layout alone', med(l), 'render (incl layout)', med(r))
