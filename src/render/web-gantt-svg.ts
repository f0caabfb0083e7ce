// A timeline as a standalone SVG: labels, one bar per attempt coloured by status, a time axis with gridlines.

import { layoutGantt, segmentOf } from '../core/layout.ts'
import type { GanttBar, GanttLayout, GanttRow } from '../core/layout.ts'
import type { Millis, Timeline } from '../core/types.ts'
import { escapeHtml as esc } from './escape.ts'
import { makeIsoTime } from './iso-time.ts'
import { rowTag, rowTagOf } from './status-label.ts'
import { truncate } from './terminal-text.ts'
import { barTitle } from './web-bar-title.ts'
import { COLORS } from './web-colors.ts'

export interface GanttSvgOptions {
  now: Millis
  /** viewBox width in px: 1000 by default. */
  width?: number
}

const ROW = 22
const BAR = 14
const THIN = 6
const TOP = 30
const BOTTOM = 10
const CHAR = 7.8 // monospace advance at 12px is 7.2: leave room for a wider fallback font
const INDENT = 12
const PAD = 8
const FONT = 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace'

export function renderGanttSvg(timeline: Timeline, options: GanttSvgOptions): string {
  return ganttSvg(timeline, options).svg
}

/** The SVG and the layout it was drawn from (the page reuses its summary). */
export function ganttSvg(timeline: Timeline, options: GanttSvgOptions): { svg: string; layout: GanttLayout } {
  const width = Math.max(320, Math.round(options.width ?? 1000))
  let labelPx = 0
  let tagChars = 1
  for (const row of timeline.rows) {
    const chars = segmentOf(row.name).length + (row.host ? row.host.length + 2 : 0)
    labelPx = Math.max(labelPx, PAD + row.depth * INDENT + chars * CHAR)
    tagChars = Math.max(tagChars, rowTagOf(row).length)
  }
  const labelW = Math.ceil(Math.min(width * 0.35, Math.max(120, labelPx + PAD)))
  const statusW = Math.round(Math.min(width * 0.22, (8 + tagChars) * CHAR + 2 * PAD))
  const barsW = width - labelW - statusW
  const layout = layoutGantt(timeline, { width: barsW, now: options.now, tickGap: 70 })
  const height = TOP + Math.max(1, layout.rows.length) * ROW + BOTTOM
  const name = esc(`${timeline.context} / ${timeline.id}`)
  let svg =
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}"` +
    ` font-family="${FONT}" font-size="12" fill="currentColor" role="img" aria-label="${name}"><title>${name}</title>`
  if (layout.rows.length > 1) {
    svg +=
      `<defs><pattern id="upto-stripes" patternUnits="userSpaceOnUse" x="0" y="${TOP}" width="${width}" height="${2 * ROW}">` +
      `<rect x="0" y="${ROW}" width="${width}" height="${ROW}" fill="currentColor" fill-opacity="0.04"/></pattern></defs>` +
      `<rect x="0" y="${TOP}" width="${width}" height="${layout.rows.length * ROW}" fill="url(#upto-stripes)"/>`
  }
  svg += axisSvg(layout, labelW, height - BOTTOM)
  if (layout.rows.length === 0) svg += `<text x="${PAD}" y="${TOP + 15}" fill-opacity="0.7">no events yet</text>`
  const iso = makeIsoTime()
  const statusX = width - statusW + PAD + 6 * CHAR
  for (let i = 0; i < layout.rows.length; i++) {
    const row = layout.rows[i]!
    const y = TOP + i * ROW
    svg += labelSvg(row, y, labelW)
    for (const bar of row.bars) svg += barSvg(row, bar, labelW, y, esc(barTitle(row, bar, iso)))
    const tag = esc(rowTag(row.status, row.tone, row.kind, row.attempts))
    svg +=
      `<text x="${statusX}" y="${y + 15}" text-anchor="end">${esc(row.durationText)}</text>` +
      `<text x="${statusX + CHAR}" y="${y + 15}" fill="${COLORS[row.tone]}">${tag}</text>`
  }
  return { svg: `${svg}</svg>`, layout }
}

function axisSvg(layout: GanttLayout, x0: number, bottom: number): string {
  let svg = ''
  for (const tick of layout.ticks) {
    const x = r(x0 + tick.pos)
    const anchor = tick.pos < 20 ? 'start' : tick.pos > layout.width - 20 ? 'end' : 'middle'
    svg +=
      `<line x1="${x}" y1="${TOP - 6}" x2="${x}" y2="${bottom}" stroke="currentColor" stroke-opacity="0.15"/>` +
      `<text x="${x}" y="${TOP - 12}" text-anchor="${anchor}" fill-opacity="0.7">${esc(tick.label)}</text>`
  }
  if (layout.running && layout.span > 0) {
    const x = r(x0 + layout.width)
    svg += `<line x1="${x}" y1="${TOP - 6}" x2="${x}" y2="${bottom}" stroke="${COLORS.running}" stroke-dasharray="4 3"/>`
  }
  return svg
}

function labelSvg(row: GanttRow, y: number, labelW: number): string {
  const x = PAD + row.depth * INDENT
  const room = Math.max(1, Math.floor((labelW - x - PAD) / CHAR))
  const host = row.host ? ` @${truncate(row.host, Math.max(Math.floor(room / 2), room - row.segment.length))}` : ''
  const name = truncate(row.segment, room - host.length)
  const cut = name !== row.segment || host.length !== row.host.length + (row.host ? 2 : 0)
  const title = cut ? `<title>${esc(row.host ? `${row.name} @ ${row.host}` : row.name)}</title>` : ''
  const look = row.kind === 'implied' ? ' fill-opacity="0.75"' : ''
  const hostSvg = host ? `<tspan fill-opacity="0.6" xml:space="preserve">${esc(host)}</tspan>` : ''
  return `<text x="${x}" y="${y + 15}"${look}>${title}${esc(name)}${hostSvg}</text>`
}

function barSvg(row: GanttRow, bar: GanttBar, x0: number, y: number, title: string): string {
  const color = row.kind === 'implied' ? COLORS.implied : COLORS[bar.tone]
  const data =
    ` data-name="${esc(row.name)}" data-host="${esc(row.host)}" data-start="${bar.start}" data-end="${bar.end}"` +
    ` data-state="${bar.state}" data-status="${esc(bar.status)}" data-attempt="${bar.attempt}"`
  const mid = y + ROW / 2
  if (bar.point && row.kind === 'mark') {
    const cx = r(x0 + bar.from)
    return `<path class="bar mark" d="M${cx} ${mid - 6}l6 6l-6 6l-6 -6z" fill="${color}"${data}><title>${title}</title></path>`
  }
  const x = bar.point ? r(x0 + bar.from - 1.5) : r(x0 + bar.from)
  const w = bar.point ? 3 : r(Math.max(1, bar.to - bar.from))
  const h = row.kind === 'implied' ? THIN : BAR
  const look =
    bar.state === 'running'
      ? ` fill-opacity="0.55" stroke="${color}" stroke-dasharray="3 2"`
      : bar.state === 'abandoned'
        ? ` fill-opacity="0.35" stroke="${color}" stroke-dasharray="2 2"`
        : ''
  const cls = bar.point ? 'bar orphan' : `bar ${bar.state}`
  return (
    `<rect class="${cls}" x="${x}" y="${mid - h / 2}" width="${w}" height="${h}" rx="2" fill="${color}"${look}${data}>` +
    `<title>${title}</title></rect>`
  )
}

function r(x: number): number {
  return Math.round(x * 100) / 100
}
