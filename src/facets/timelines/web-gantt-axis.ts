// The time axis of the web Gantt chart: gridlines with ticks relative to the start (absolute time in
// their <title>), the now line of a running timeline, and the gaps where nothing ran.

import type { GanttLayout } from '../../core/layout.ts'
import type { Millis } from '../../core/types.ts'
import { escapeHtml as esc } from '../../render/escape.ts'
import { gapLabel, gapText } from './gap-text.ts'
import type { Gap } from './gantt-gaps.ts'
import type { Columns } from './web-gantt-geometry.ts'
import { TOP } from './web-gantt-geometry.ts'
import { r } from './web-gantt-row.ts'

/** What of a layout the axis needs: not its rows. */
type Axis = Pick<GanttLayout, 'start' | 'span' | 'running' | 'ticks'>

/** Gridlines start here, under the tick labels. */
const GRID_TOP = TOP - 8

export function axisSvg(layout: Axis, cols: Columns, bottom: number, iso: (ms: Millis) => string): string {
  let svg = '<g class="axis">'
  const barsW = cols.x1 - cols.x0
  for (const tick of layout.ticks) {
    const x = r(cols.x0 + tick.pos)
    const anchor = tick.pos < 20 ? 'start' : tick.pos > barsW - 20 ? 'end' : 'middle'
    svg +=
      `<line class="grid" x1="${x}" y1="${GRID_TOP}" x2="${x}" y2="${bottom}"/>` +
      `<text class="tick" x="${x}" y="16" text-anchor="${anchor}"><title>${iso(layout.start + tick.offset)}</title>${esc(tick.label)}</text>`
  }
  if (layout.running && layout.span > 0) {
    const x = r(cols.x1)
    svg += `<line class="now" x1="${x}" y1="${GRID_TOP}" x2="${x}" y2="${bottom}"/>`
  }
  return `${svg}</g>`
}

export function gapsSvg(gaps: readonly Gap[], layout: Axis, cols: Columns, bottom: number, titles: boolean): string {
  if (gaps.length === 0 || !(layout.span > 0)) return '<g class="gaps"></g>'
  const scale = (cols.x1 - cols.x0) / layout.span
  let svg = '<g class="gaps">'
  for (const gap of gaps) {
    const x = cols.x0 + (gap.start - layout.start) * scale
    const w = (gap.end - gap.start) * scale
    const text = gapText(gap, layout.start)
    svg +=
      `<rect class="gap" x="${r(x)}" y="${GRID_TOP}" width="${r(Math.max(1, w))}" height="${bottom - GRID_TOP}"` +
      ` data-start="${gap.start}" data-end="${gap.end}">${titles ? `<title>${text}</title>` : ''}</rect>`
    const label = gapLabel(gap, w)
    if (label) svg += `<text class="gap-label" x="${r(x + w / 2)}" y="32" text-anchor="middle">${label}</text>`
  }
  return `${svg}</g>`
}
