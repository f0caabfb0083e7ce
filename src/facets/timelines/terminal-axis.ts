// The time axis under a terminal Gantt chart: a rule with ┬ at each tick, then the tick labels.

import type { Tick } from '../../core/layout.ts'
import type { Theme } from '../../render/terminal-theme.ts'

/** Two lines, each `indent` spaces then at most `width` columns. */
export function axisLines(ticks: Tick[], width: number, indent: number, theme: Theme): string[] {
  if (width <= 0) return []
  const rule = new Array<string>(width).fill('─')
  const labels = new Array<string>(width).fill(' ')
  let free = 0
  for (const tick of ticks) {
    const col = Math.min(width - 1, Math.floor(tick.pos))
    rule[col] = '┬'
    const at = Math.min(col, width - tick.label.length)
    if (at < free || at < 0) continue
    for (let i = 0; i < tick.label.length; i++) labels[at + i] = tick.label[i] ?? ' '
    free = at + tick.label.length + 1
  }
  const pad = ' '.repeat(indent)
  return [pad + theme.ink('dim', rule.join('')), (pad + theme.ink('dim', labels.join('').trimEnd())).trimEnd()]
}
