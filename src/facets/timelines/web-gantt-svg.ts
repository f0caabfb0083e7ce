// A timeline as a standalone SVG: a tree of names, one bar per attempt coloured by status, a time axis
// with gridlines, and the gaps where nothing ran. The page's script zooms, collapses and shows
// tooltips from the data attributes; without it the chart still reads (and the .svg has <title>s).

import { layoutGantt } from '../../core/layout.ts'
import type { GanttLayout } from '../../core/layout.ts'
import type { Millis, Timeline } from '../../core/types.ts'
import { escapeHtml as esc } from '../../render/escape.ts'
import { CRITICAL_CSS, criticalRows } from './web-critical.ts'
import { findGaps } from './gantt-gaps.ts'
import { makeIsoTime } from './iso-time.ts'
import { axisSvg, gapsSvg } from './web-gantt-axis.ts'
import { BAR, BOTTOM, PAD, ROW, THIN, TOP, columnsOf } from './web-gantt-geometry.ts'
import { rowSvg } from './web-gantt-row.ts'
import { GANTT_CSS } from './web-gantt-style.ts'

export interface GanttSvgOptions {
  now: Millis
  /** viewBox width in px: 1000 by default. */
  width?: number
  /** A <title> on every bar (hover text without a script); true by default, the page turns it off. */
  titles?: boolean
}

const FONT = 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace'

export function renderGanttSvg(timeline: Timeline, options: GanttSvgOptions): string {
  return ganttSvg(timeline, options).svg
}

/** The SVG and the layout it was drawn from (the page reuses its summary). */
export function ganttSvg(timeline: Timeline, options: GanttSvgOptions): { svg: string; layout: GanttLayout } {
  const width = Math.max(480, Math.round(options.width ?? 1000))
  const titles = options.titles ?? true
  const cols = columnsOf(timeline, width)
  const layout = layoutGantt(timeline, { width: cols.x1 - cols.x0, now: options.now, tickGap: 80 })
  const n = layout.rows.length
  const bottom = TOP + Math.max(1, n) * ROW
  const height = bottom + BOTTOM
  const name = esc(`${timeline.context} / ${timeline.id}`)
  const iso = makeIsoTime()
  const data =
    ` data-start="${layout.start}" data-end="${layout.end}" data-now="${options.now}"${layout.running ? ' data-running=""' : ''}` +
    ` data-x0="${cols.x0}" data-x1="${cols.x1}" data-top="${TOP}" data-row="${ROW}" data-bar="${BAR}" data-thin="${THIN}"`
  let svg =
    `<svg xmlns="http://www.w3.org/2000/svg" class="upto-gantt" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}"` +
    ` font-family="${FONT}" font-size="12" fill="currentColor" role="img" aria-label="${name}"${data}><title>${name}</title>` +
    `<style>${GANTT_CSS}${CRITICAL_CSS}</style><defs>` +
    `<pattern id="upto-stripes" patternUnits="userSpaceOnUse" x="0" y="${TOP}" width="8" height="${2 * ROW}">` +
    `<rect x="0" y="${ROW}" width="8" height="${ROW}" fill="currentColor" fill-opacity="0.04"/></pattern>` +
    `<pattern id="upto-gap" patternUnits="userSpaceOnUse" width="6" height="6" patternTransform="rotate(45)">` +
    `<rect width="6" height="6" fill="currentColor" fill-opacity="0.03"/>` +
    `<line x1="0" y1="0" x2="0" y2="6" stroke="currentColor" stroke-opacity="0.12" stroke-width="2"/></pattern></defs>`
  if (n > 1) svg += `<rect class="stripes" x="0" y="${TOP}" width="${width}" height="${n * ROW}" fill="url(#upto-stripes)"/>`
  svg += gapsSvg(findGaps(layout), layout, cols, bottom, titles)
  svg += axisSvg(layout, cols, bottom, iso)
  if (n === 0) svg += `<text x="${PAD}" y="${TOP + 15}" fill-opacity="0.7">no events yet</text>`
  svg += '<g class="rows">'
  const rowOptions = { cols, titles, iso }
  const critical = criticalRows(timeline, options.now)
  for (let i = 0; i < n; i++) {
    const row = layout.rows[i]!
    const parent = row.row.children.length > 0 && layout.rows[i - 1]?.name !== row.name
    svg += rowSvg(row, TOP + i * ROW, parent, rowOptions, critical.has(i))
  }
  return { svg: `${svg}</g></svg>`, layout }
}
