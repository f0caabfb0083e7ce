// A timeline as a standalone SVG: a tree of names, one bar per attempt coloured by status, a time axis
// with gridlines, and the gaps where nothing ran. The page's script zooms, collapses and shows
// tooltips from the data attributes; without it the chart still reads (and the .svg has <title>s).
//
// Drawn as a sequence of parts (ganttSvgParts), so that a server can send a big chart as it is drawn and let
// other work run between parts; an empty part is a point where the caller may pause. Joined, the parts are
// the SVG. A page's chart of more than `bigRows` rows holds the rows as data instead (web-gantt-data.ts).

import { layoutFrame, layoutRow } from '../../core/layout.ts'
import type { GanttFrame } from '../../core/layout.ts'
import { barsOf } from '../../core/layout-bars.ts'
import type { Millis, Timeline } from '../../core/types.ts'
import { escapeHtml as esc } from '../../render/escape.ts'
import { criticalPathSteps } from '../../core/critical-path.ts'
import type { RowCounts } from '../../core/summary.ts'
import { CRITICAL_CSS } from './web-critical.ts'
import { makeIsoTime } from './iso-time.ts'
import { axisSvg, gapsSvg } from './web-gantt-axis.ts'
import { rowsDataParts, foldDepthOf, rowsPerDepthParts, shownRowsAt } from './web-gantt-data.ts'
import { BAR, BOTTOM, PAD, ROW, THIN, TOP, type Columns, columnsParts } from './web-gantt-geometry.ts'
import { rowSvg } from './web-gantt-row.ts'
import { GANTT_CSS } from './web-gantt-style.ts'
import { type Covered, coveredGapsParts } from './web-gantt-gaps.ts'

export interface GanttSvgOptions {
  now: Millis
  /** viewBox width in px: 1000 by default. */
  width?: number
  /** A <title> on every bar (hover text without a script); true by default, the page turns it off. */
  titles?: boolean
  /**
   * More rows than this: the rows go as data for the page's script, which draws those near the screen, with
   * the levels deeper than fit in `foldedRows` folded. Unset (the standalone SVG): every row is drawn.
   */
  bigRows?: number
}

/** What a page's chart holds as SVG before its rows go as data, and how many rows its default folds show. */
export const pageBigRows = 20_000
export const foldedRows = 1_000

/** Rows drawn (or laid out for data) between two pause points. */
const SLICE = 250

const FONT = 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace'

export function renderGanttSvg(timeline: Timeline, options: GanttSvgOptions): string {
  let svg = ''
  for (const part of ganttSvgParts(timeline, options)) svg += part
  return svg
}

/** The SVG and the layout it was drawn from. */
export function ganttSvg(timeline: Timeline, options: GanttSvgOptions): { svg: string; layout: GanttFrame & { rows: number } } {
  let layout: (GanttFrame & { rows: number }) | undefined
  let svg = ''
  for (const part of ganttSvgParts(timeline, options, (frame) => ((layout = frame), ''))) svg += part
  return { svg, layout: layout! }
}

/**
 * The SVG in parts. `before` is called with the layout (without its rows; `rows` is their number) once it is
 * known, before the first byte of the SVG, and what it returns comes first: the page's summary line.
 */
export function* ganttSvgParts(
  timeline: Timeline,
  options: GanttSvgOptions,
  before?: (frame: GanttFrame & { rows: number }) => string,
): Generator<string, void, undefined> {
  const width = Math.max(480, Math.round(options.width ?? 1000))
  const titles = options.titles ?? true
  const counts: RowCounts = { events: 0, errors: 0, retried: 0, orphans: false }
  const cols: Columns = yield* columnsParts(timeline, width, SLICE * 8, counts)
  const frame = layoutFrame(timeline, { width: cols.x1 - cols.x0, now: options.now, tickGap: 80 }, counts)
  const n = timeline.rows.length
  if (before) yield before({ ...frame, rows: n })
  const big = options.bigRows !== undefined && n > options.bigRows
  const perDepth = big ? yield* rowsPerDepthParts(timeline, SLICE * 4) : []
  const foldDepth = big ? foldDepthOf(perDepth, foldedRows) : undefined
  const drawn = foldDepth === undefined ? n : shownRowsAt(perDepth, foldDepth)
  const bottom = TOP + Math.max(1, drawn) * ROW
  const height = bottom + BOTTOM
  const name = esc(`${timeline.context} / ${timeline.id}`)
  const iso = makeIsoTime()
  const data =
    ` data-start="${frame.start}" data-end="${frame.end}" data-now="${options.now}"${frame.running ? ' data-running=""' : ''}` +
    ` data-x0="${cols.x0}" data-x1="${cols.x1}" data-top="${TOP}" data-row="${ROW}" data-bar="${BAR}" data-thin="${THIN}"` +
    (big ? ` data-rows="${n}" data-dur-x="${cols.durX}" data-tag-x="${cols.tagX}"${foldDepth === undefined ? '' : ` data-fold-depth="${foldDepth}"`}` : '')
  let svg =
    `<svg xmlns="http://www.w3.org/2000/svg" class="upto-gantt" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}"` +
    ` font-family="${FONT}" font-size="12" fill="currentColor" role="img" aria-label="${name}"${data}><title>${name}</title>` +
    `<style>${GANTT_CSS}${CRITICAL_CSS}</style><defs>` +
    `<pattern id="upto-stripes" patternUnits="userSpaceOnUse" x="0" y="${TOP}" width="8" height="${2 * ROW}">` +
    `<rect x="0" y="${ROW}" width="8" height="${ROW}" fill="currentColor" fill-opacity="0.04"/></pattern>` +
    `<pattern id="upto-gap" patternUnits="userSpaceOnUse" width="6" height="6" patternTransform="rotate(45)">` +
    `<rect width="6" height="6" fill="currentColor" fill-opacity="0.03"/>` +
    `<line x1="0" y1="0" x2="0" y2="6" stroke="currentColor" stroke-opacity="0.12" stroke-width="2"/></pattern></defs>`
  if (drawn > 1) svg += `<rect class="stripes" x="0" y="${TOP}" width="${width}" height="${drawn * ROW}" fill="url(#upto-stripes)"/>`
  // what ran, for the gaps between (findGaps of gantt-gaps.ts, without its sort of intervals)
  const covered: Covered = { starts: [], ends: [] }
  for (let i = 0; i < n; i++) {
    const row = timeline.rows[i]!
    if (row.kind === 'span') {
      for (const bar of barsOf(row, frame.axis)) {
        if (bar.point || !(bar.end > bar.start)) continue
        covered.starts.push(bar.start)
        covered.ends.push(bar.end)
      }
    }
    if (i % (SLICE * 4) === SLICE * 4 - 1) yield ''
  }
  svg += gapsSvg(yield* coveredGapsParts(covered, frame), frame, cols, bottom, titles)
  svg += axisSvg(frame, cols, bottom, iso)
  if (n === 0) svg += `<text x="${PAD}" y="${TOP + 15}" fill-opacity="0.7">no events yet</text>`
  svg += '<g class="rows">'
  const path = criticalPathSteps(timeline, { now: options.now }, SLICE * 2)
  let step = path.next()
  for (; !step.done; step = path.next()) yield ''
  const critical = new Set(step.value.rows)
  if (big) {
    // the SVG without its rows, then the rows as data for the page's script (after the </svg>)
    yield `${svg}</g></svg>`
    yield* rowsDataParts(timeline, frame, cols, critical, SLICE)
    return
  }
  yield ''
  const rowOptions = { cols, titles, iso }
  for (let i = 0; i < n; i++) {
    const row = timeline.rows[i]!
    const parent = row.children.length > 0 && timeline.rows[i - 1]?.name !== row.name
    svg += rowSvg(layoutRow(row, frame.axis), TOP + i * ROW, parent, rowOptions, critical.has(i))
    if (i % SLICE === SLICE - 1) {
      yield svg
      svg = ''
    }
  }
  yield `${svg}</g></svg>`
}
