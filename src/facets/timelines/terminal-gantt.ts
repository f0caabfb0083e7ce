// A timeline as terminal lines: header, one line per row (tree | bars | duration and status), time axis, what
// the marks mean, and what failed.

import { formatTime } from '../../core/format.ts'
import { axisEnds, durationTextOf, layoutFrame, layoutRow, segmentOf } from '../../core/layout.ts'
import type { GanttAxis, GanttFrame, GanttRow, Tone } from '../../core/layout.ts'
import { countRow, outcomeNote } from '../../core/summary.ts'
import type { RowCounts } from '../../core/summary.ts'
import type { Millis, Row, Timeline } from '../../core/types.ts'
import { rowTag, rowTagOf, statusLabel } from './status-label.ts'
import { axisLines } from './terminal-axis.ts'
import { makeBarCanvas } from './terminal-bars.ts'
import { criticalView } from './terminal-critical.ts'
import { failureLines } from './terminal-failures.ts'
import { legendLine } from './terminal-legend.ts'
import { clean, flat, spaces, textWidth, truncate } from '../../render/terminal-text.ts'
import { makeTheme } from '../../render/terminal-theme.ts'
import type { Theme } from '../../render/terminal-theme.ts'

export interface TerminalGanttOptions {
  /** The full terminal width: no line is longer. */
  width: number
  now: Millis
  color: boolean
  /** Mark the rows on the critical path, add a row of the waiting and a line that sums them up. */
  critical?: boolean
  /** After the failures, every step's attrs. */
  details?: boolean
}

const DURATION = 7 // widest duration text: `+23h59m`

export function renderTerminalGantt(timeline: Timeline, options: TerminalGanttOptions): string[] {
  const theme = makeTheme(options.color)
  const total = Math.max(1, Math.floor(options.width))
  const { rows } = timeline
  const need = measureRows(rows, axisEnds(timeline, options.now))
  let { tree: treeNeed, tag: tagNeed, durations } = need
  if (options.critical) [treeNeed, tagNeed] = [Math.max(treeNeed, 9), Math.max(tagNeed, 7)] // `(waiting)`, `12 gaps`
  let tree = Math.min(treeNeed, Math.max(8, Math.floor(total * 0.4)))
  let status = Math.min(DURATION + 1 + tagNeed, Math.max(8, Math.floor(total * 0.25)))
  const room = total - 2 - Math.min(8, Math.max(0, total - 3)) // keep 8 columns of bars when the terminal is narrow
  if (tree + status > room) {
    status = Math.max(0, Math.min(status, Math.floor(room * 0.4)))
    tree = Math.max(0, Math.min(tree, room - status))
  }
  const bars = Math.max(0, total - tree - 1 - (status > 0 ? status + 1 : 0))
  const frame = layoutFrame(timeline, { width: bars, now: options.now, tickGap: Math.max(8, bars / 12) }, need.counts)
  const lines = [header(timeline, frame, total, theme)]
  if (rows.length === 0) return [...lines, truncate('  no events yet', total)]
  const label = makeLabels(tree, theme)
  const canvas = makeBarCanvas(bars, theme)
  const critical = options.critical ? criticalView(timeline, frame, options.now, theme) : undefined
  if (critical?.waiting) durations = Math.max(durations, critical.waiting.durationText.length)
  const statusCell = makeStatusCells(durations, status, theme)
  const line = (row: GanttRow, i: number): string => {
    const drawn = label(row) + (critical?.marked.has(i) ? critical.mark : ' ') + canvas.row(row)
    return status > 0 ? `${drawn} ${statusCell(row)}` : drawn
  }
  drawRows(lines, rows, frame.axis, need.durationTexts, line, critical?.waiting)
  lines.push(...axisLines(frame.ticks, bars, tree + 1, theme))
  if (critical) lines.push(critical.summary(total))
  const legend = legendLine(timeline, total, theme)
  if (legend !== undefined) lines.push(legend)
  lines.push(...failureLines(timeline, total, theme, options.details))
  return lines
}

/** What the rows need of the columns, their durations, and the counts of the header. */
interface Needs {
  tree: number
  tag: number
  /** The widest duration text. */
  durations: number
  durationTexts: string[]
  counts: RowCounts
}

/** One pass over the rows for what sizes the columns: each row is then laid out only as it is drawn. */
function measureRows(rows: readonly Row[], ends: Pick<GanttAxis, 'start' | 'end'>): Needs {
  const need: Needs = {
    tree: 1, tag: 1, durations: 1, durationTexts: new Array<string>(rows.length),
    counts: { events: 0, errors: 0, retried: 0, orphans: false },
  }
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!
    countRow(need.counts, row)
    need.tree = Math.max(need.tree, row.depth * 2 + textWidth(segmentOf(row.name)) + (row.host ? textWidth(row.host) + 2 : 0))
    need.tag = Math.max(need.tag, textWidth(rowTagOf(row)))
    const text = durationTextOf(row, ends)
    need.durationTexts[i] = text
    need.durations = Math.max(need.durations, text.length)
  }
  return need
}

/** Each row laid out, drawn and dropped, the waiting row last: only the lines are kept. */
function drawRows(
  out: string[],
  rows: readonly Row[],
  axis: GanttAxis,
  durationTexts: readonly string[],
  line: (row: GanttRow, i: number) => string,
  waiting: GanttRow | undefined,
): void {
  for (let i = 0; i < rows.length; i++) out.push(flat(line(layoutRow(rows[i]!, axis, durationTexts[i]), i)))
  if (waiting) out.push(flat(line(waiting, rows.length)))
}

function header(timeline: Timeline, layout: GanttFrame, width: number, theme: Theme): string {
  const title = clean(`${timeline.context} / ${timeline.id}`)
  const when = timeline.rows.length > 0 ? formatTime(layout.start) : 'no events'
  const state = statusLabel(layout.status, layout.tone)
  const note = clean(outcomeNote(layout, layout.axis.now))
  const bare = `${title}  ${when}  ${layout.durationText}  ${state}`
  // the note goes when it does not fit: the failures after the chart say it too
  const shown = note !== '' && textWidth(bare) + 2 + textWidth(note) <= width ? note : ''
  if (textWidth(bare) > width) return truncate(bare, width)
  const painted = shown === '' ? '' : `  ${layout.errors > 0 ? theme.ink('error', shown) : shown}`
  return `${theme.bold(title)}  ${when}  ${layout.durationText}  ${theme.ink(layout.tone, state)}${painted}`
}

/** ` @host` in gray, and how many columns it takes. */
interface PaintedHost {
  painted: string
  width: number
}

/** Labels `width` columns wide: the indented name, then the host in gray, each host painted once. */
function makeLabels(width: number, theme: Theme): (row: GanttRow) => string {
  const hosts = new Map<string, PaintedHost>()
  const hostOf = (host: string): PaintedHost => {
    let found = hosts.get(host)
    if (found === undefined) {
      const text = clean(host)
      found = { painted: `${theme.open.dim} @${text}${theme.close.dim}`, width: 2 + textWidth(text) }
      hosts.set(host, found)
    }
    return found
  }
  return (row) => {
    // the label is the indent and the segment, measured apart: the indent is all spaces
    const indent = row.label.length - row.segment.length
    const segment = clean(row.segment)
    const host = row.host ? hostOf(row.host) : undefined
    const used = indent + textWidth(segment) + (host?.width ?? 0)
    if (used > width) return cutLabel(row, width, theme)
    const name = spaces(indent) + segment
    return (host ? name + host.painted : name) + spaces(width - used)
  }
}

function cutLabel(row: GanttRow, width: number, theme: Theme): string {
  const name = clean(row.label)
  const host = row.host ? ` @${clean(row.host)}` : ''
  const at = truncate(host, Math.max(Math.floor(width / 2), width - textWidth(name)))
  const cut = truncate(name, width - textWidth(at))
  return cut + theme.ink('dim', at) + ' '.repeat(Math.max(0, width - textWidth(cut) - textWidth(at)))
}

/** A row's tag after a space, painted, and how many columns the two take. */
interface PaintedTag {
  painted: string
  width: number
}

/**
 * Status cells of at most `width` columns: the duration, right-aligned to `durations` columns, and the row's
 * tag, each tag painted once.
 */
function makeStatusCells(durations: number, width: number, theme: Theme): (row: GanttRow) => string {
  // by tone, then tag: the same word can be painted in more than one tone
  const tags = new Map<Tone, Map<string, PaintedTag>>()
  const tagOf = (tone: Tone, tag: string): PaintedTag => {
    let byTag = tags.get(tone)
    if (byTag === undefined) tags.set(tone, (byTag = new Map()))
    let found = byTag.get(tag)
    if (found === undefined) {
      found = { painted: tag === '' ? ' ' : ` ${theme.open[tone]}${tag}${theme.close[tone]}`, width: 1 + textWidth(tag) }
      byTag.set(tag, found)
    }
    return found
  }
  return (row) => {
    const tag = rowTag(clean(row.status), row.tone, row.kind, row.attempts)
    const text = row.durationText
    const painted = tagOf(row.tone, tag)
    if (Math.max(durations, text.length) + painted.width > width) {
      return theme.ink(row.tone, truncate(`${text.padStart(durations)} ${tag}`, width))
    }
    return spaces(durations - text.length) + text + painted.painted
  }
}
