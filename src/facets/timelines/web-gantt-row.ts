// One row of the web Gantt chart as an SVG group: its name (with a ▾ when it has children), duration,
// status tag, and one bar per attempt. Bars carry their times in ms so the page's script can zoom.

import type { GanttBar, GanttRow } from '../../core/layout.ts'
import type { Millis } from '../../core/types.ts'
import { escapeHtml as esc } from '../../render/escape.ts'
import { rowTag } from './status-label.ts'
import { truncate } from '../../render/terminal-text.ts'
import { barTitle } from './web-bar-title.ts'
import { BAR, CHAR, type Columns, PAD, ROW, THIN, labelX } from './web-gantt-geometry.ts'

export interface RowOptions {
  cols: Columns
  /** <title> on bars and cut names: for the standalone SVG. The page's script shows tooltips instead. */
  titles: boolean
  iso: (ms: Millis) => string
}

/** `parent`: the first row of a name that has children (it gets the collapse toggle); `critical`: on the critical path. */
export function rowSvg(row: GanttRow, y: number, parent: boolean, o: RowOptions, critical = false): string {
  const kind = row.kind === 'span' ? '' : ` ${row.kind}`
  const host = row.host ? ` data-host="${esc(row.host)}"` : ''
  let svg =
    `<g class="row${kind}${parent ? ' parent' : ''}" data-name="${esc(row.name)}"${host}${critical ? ' data-critical=""' : ''} transform="translate(0 ${y})">` +
    labelSvg(row, parent, o) +
    `<text class="dur" x="${o.cols.durX}" y="15">${esc(row.durationText)}</text>` +
    `<text class="tag t-${row.tone}" x="${o.cols.tagX}" y="15">${esc(rowTag(row.status, row.tone, row.kind, row.attempts))}</text>`
  for (const bar of row.bars) svg += barSvg(row, bar, o)
  return `${svg}</g>`
}

function labelSvg(row: GanttRow, parent: boolean, o: RowOptions): string {
  const { x, name, host, cut } = labelOf(row, o.cols)
  const title = cut && o.titles ? `<title>${esc(row.host ? `${row.name} @ ${row.host}` : row.name)}</title>` : ''
  const toggle = parent ? `<text class="tw" x="${x - 12}" y="15">▾</text>` : ''
  const hostSvg = host ? `<tspan class="host" xml:space="preserve">${esc(host)}</tspan>` : ''
  return `${toggle}<text class="label" x="${x}" y="15">${title}${esc(name)}${hostSvg}</text>`
}

/** Where a row's name starts, and its name and ` @host` cut to the room the names' column leaves. */
export function labelOf(row: Pick<GanttRow, 'depth' | 'host' | 'segment'>, cols: Columns): { x: number; name: string; host: string; cut: boolean } {
  const x = labelX(row.depth)
  const room = Math.max(1, Math.floor((cols.labelW - x - PAD) / CHAR))
  const host = row.host ? ` @${truncate(row.host, Math.max(Math.floor(room / 2), room - row.segment.length))}` : ''
  const name = truncate(row.segment, room - host.length)
  const cut = name !== row.segment || host.length !== row.host.length + (row.host ? 2 : 0)
  return { x, name, host, cut }
}

/** The classes of a bar: its state, point or mark, and tone. */
export function barClass(row: GanttRow, bar: GanttBar): string {
  const tone = row.kind === 'implied' ? 'implied' : bar.tone
  const mark = bar.point && row.kind === 'mark'
  return `bar ${bar.state}${mark ? ' mark' : bar.point ? ' point' : ''} t-${tone}`
}

function barSvg(row: GanttRow, bar: GanttBar, o: RowOptions): string {
  const mark = bar.point && row.kind === 'mark'
  const cls = barClass(row, bar)
  const attempt = bar.source
  let data =
    ` data-start="${bar.start}" data-end="${bar.end}" data-status="${esc(bar.status)}" data-attempt="${bar.attempt}"`
  if (attempt?.message) data += ` data-message="${esc(attempt.message)}"`
  if (attempt && hasKeys(attempt.attrs)) data += ` data-attrs="${esc(JSON.stringify(attempt.attrs))}"`
  const title = o.titles ? `<title>${esc(barTitle(row, bar, o.iso))}</title>` : ''
  const from = o.cols.x0 + bar.from
  const mid = ROW / 2
  if (mark) {
    const d = `M0 ${mid - 6}l6 6l-6 6l-6 -6z`
    return `<path class="${cls}" d="${d}" transform="translate(${r(from)} 0)"${data}>${title}</path>`
  }
  const to = o.cols.x0 + bar.to
  const x = bar.point ? r(from - 1.5) : r(from)
  const w = bar.point ? 3 : r(Math.max(1, to - from))
  const h = row.kind === 'implied' ? THIN : BAR
  return `<rect class="${cls}" x="${x}" y="${mid - h / 2}" width="${w}" height="${h}"${data}>${title}</rect>`
}

export function hasKeys(o: Record<string, string>): boolean {
  for (const _ in o) return true
  return false
}

export function r(x: number): number {
  return Math.round(x * 100) / 100
}
