// A timeline as terminal lines: header, one line per row (tree | bars | duration and status), time axis.

import { formatTime } from '../core/format.ts'
import { layoutGantt, segmentOf } from '../core/layout.ts'
import type { GanttLayout, GanttRow } from '../core/layout.ts'
import type { Millis, Timeline } from '../core/types.ts'
import { rowTag, rowTagOf, statusLabel } from './status-label.ts'
import { axisLines } from './terminal-axis.ts'
import { makeBarCanvas } from './terminal-bars.ts'
import { criticalView } from './terminal-critical.ts'
import { clean, textWidth, truncate } from './terminal-text.ts'
import { makeTheme } from './terminal-theme.ts'
import type { Theme } from './terminal-theme.ts'

export interface TerminalGanttOptions {
  /** The full terminal width: no line is longer. */
  width: number
  now: Millis
  color: boolean
  /** Mark the rows on the critical path, add a row of the waiting and a line that sums them up. */
  critical?: boolean
}

const DURATION = 7 // widest duration text: `+23h59m`

export function renderTerminalGantt(timeline: Timeline, options: TerminalGanttOptions): string[] {
  const theme = makeTheme(options.color)
  const total = Math.max(1, Math.floor(options.width))
  const { rows } = timeline
  let treeNeed = 1
  let tagNeed = 1
  for (const row of rows) {
    treeNeed = Math.max(treeNeed, row.depth * 2 + textWidth(segmentOf(row.name)) + (row.host ? textWidth(row.host) + 2 : 0))
    tagNeed = Math.max(tagNeed, textWidth(rowTagOf(row)))
  }
  if (options.critical) [treeNeed, tagNeed] = [Math.max(treeNeed, 9), Math.max(tagNeed, 7)] // `(waiting)`, `12 gaps`
  let tree = Math.min(treeNeed, Math.max(8, Math.floor(total * 0.4)))
  let status = Math.min(DURATION + 1 + tagNeed, Math.max(8, Math.floor(total * 0.25)))
  const room = total - 2 - Math.min(8, Math.max(0, total - 3)) // keep 8 columns of bars when the terminal is narrow
  if (tree + status > room) {
    status = Math.max(0, Math.min(status, Math.floor(room * 0.4)))
    tree = Math.max(0, Math.min(tree, room - status))
  }
  const bars = Math.max(0, total - tree - 1 - (status > 0 ? status + 1 : 0))
  const layout = layoutGantt(timeline, { width: bars, now: options.now, tickGap: Math.max(8, bars / 12) })
  const lines = [header(timeline, layout, total, theme)]
  if (rows.length === 0) return [...lines, truncate('  no events yet', total)]
  let durations = 1
  for (const row of layout.rows) durations = Math.max(durations, row.durationText.length)
  const canvas = makeBarCanvas(bars, theme)
  const critical = options.critical ? criticalView(timeline, layout, options.now, theme) : undefined
  const shown = critical?.waiting ? [...layout.rows, critical.waiting] : layout.rows
  if (critical?.waiting) durations = Math.max(durations, critical.waiting.durationText.length)
  for (let i = 0; i < shown.length; i++) {
    const row = shown[i]!
    const line = `${label(row, tree, theme)}${critical?.marked.has(i) ? critical.mark : ' '}${canvas.row(row)}`
    lines.push(status > 0 ? `${line} ${statusCell(row, durations, status, theme)}` : line)
  }
  lines.push(...axisLines(layout.ticks, bars, tree + 1, theme))
  if (critical) lines.push(critical.summary(total))
  return lines
}

function header(timeline: Timeline, layout: GanttLayout, width: number, theme: Theme): string {
  const title = clean(`${timeline.context} / ${timeline.id}`)
  const when = layout.rows.length > 0 ? formatTime(layout.start) : 'no events'
  const state = statusLabel(layout.status, layout.tone)
  const plain = `${title}  ${when}  ${layout.durationText}  ${state}`
  if (textWidth(plain) > width) return truncate(plain, width)
  return `${theme.bold(title)}  ${when}  ${layout.durationText}  ${theme.ink(layout.tone, state)}`
}

function label(row: GanttRow, width: number, theme: Theme): string {
  const name = clean(row.label)
  const host = row.host ? ` @${clean(row.host)}` : ''
  const used = textWidth(name) + textWidth(host)
  if (used <= width) return name + theme.ink('dim', host) + ' '.repeat(width - used)
  const at = truncate(host, Math.max(Math.floor(width / 2), width - textWidth(name)))
  const cut = truncate(name, width - textWidth(at))
  return cut + theme.ink('dim', at) + ' '.repeat(Math.max(0, width - textWidth(cut) - textWidth(at)))
}

function statusCell(row: GanttRow, durations: number, width: number, theme: Theme): string {
  const tag = rowTag(clean(row.status), row.tone, row.kind, row.attempts)
  const duration = row.durationText.padStart(durations)
  if (duration.length + 1 + textWidth(tag) > width) return theme.ink(row.tone, truncate(`${duration} ${tag}`, width))
  return `${duration} ${theme.ink(row.tone, tag)}`
}
