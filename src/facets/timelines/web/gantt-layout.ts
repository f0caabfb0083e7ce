// The server's SVG made cheap for the browser to lay out and paint again, all set before it first lays the
// chart out. Chromium lays out every text of an SVG again when the SVG's size changes (a second for
// 10,000 rows), so the SVG is sized once: as wide as its box (CSS, so that layout finds the width) and as
// tall as the server drew it; folded rows shorten the page with a spacer under the SVG instead. It paints
// every transformed element, on screen or not, so rows (each moved by a transform) go in groups of a few
// that it can skip whole. Hidden rows stay laid out, so that showing them again lays out nothing.

import { type El, doc, setAttr, svgEl } from './dom.ts'
import { HIDDEN_ROWS_CSS } from '../web-gantt-style.ts'
import type { Chart } from './gantt-model.ts'

/** Room for a few bars right of the names: narrower than this, the chart goes compact. */
const MIN_BARS_PX = 160
/** Compact: the names take at most this share of the width, and the durations and status tags go. */
const COMPACT_LABELS = 0.4
/** The narrowest the chart gets. */
const MIN_WIDTH_PX = 240
/** Right of the bars, as the server draws. */
const PAD = 8
const GROUP_ROWS = 128
/** The clip of the names in a compact chart (page CSS: `.upto-gantt.compact .label`). */
const LABEL_CLIP = 'upto-label-clip'


/** Before the first layout. Returns the spacer, if the SVG has a parent to hold one. */
export function prepare(chart: Chart): El | undefined {
  const { svg, rows } = chart
  svg.removeAttribute('viewBox') // one SVG px per CSS px at any width
  svg.style.width = '100%'
  svg.style.minWidth = `${MIN_WIDTH_PX}px` // narrower than the columns the server drew: compact (setWidth)
  const clip = svgEl('clipPath', { id: LABEL_CLIP, clipPathUnits: 'userSpaceOnUse' })
  clip.append(svgEl('rect', { x: 0, y: 0, width: chart.wideX0, height: chart.rowH }))
  svg.append(clip)
  svg.querySelector('.stripes')?.setAttribute('width', '100%')
  svg.append(svgEl('style', {}, HIDDEN_ROWS_CSS))
  if (chart.big) return undefined // its rows are drawn near the screen only, and its SVG sized as they fold
  const parent = rows[0]?.el?.parentElement
  if (parent) {
    const groups: El[] = []
    for (let i = 0; i < rows.length; i += GROUP_ROWS) {
      const group = svgEl('g', {})
      group.append(...rows.slice(i, i + GROUP_ROWS).flatMap((r) => (r.el ? [r.el] : [])))
      groups.push(group)
    }
    parent.append(...groups)
  }
  const box = svg.parentElement
  if (box === null) return undefined
  box.style.overflowY = 'hidden' // the SVG's bottom under the spacer
  const spacer = doc().createElement('div')
  box.append(spacer)
  return spacer
}

/**
 * After a layout: the width the page gave the chart. False when it had it already. Too narrow for the columns
 * the server drew (a phone), the chart goes compact: the names cut at 40 % of the width, no durations nor
 * status tags (the tooltip and the detail panel have them), the bars from there on.
 */
export function setWidth(chart: Chart, width: number): boolean {
  const w = Math.floor(width)
  if (w <= 0 || w === chart.width) return false
  chart.width = w
  chart.x1 = w - PAD
  const compact = w < chart.wideX0 + MIN_BARS_PX
  const labels = Math.floor(w * COMPACT_LABELS)
  chart.x0 = compact ? labels + PAD : chart.wideX0
  // each write only when it changes something: a class or attribute set again makes the browser look at every row
  const clip = chart.svg.querySelector(`#${LABEL_CLIP} rect`)
  if (clip) setAttr(clip, 'width', labels)
  if (chart.svg.classList.contains('compact') !== compact) chart.svg.classList.toggle('compact', compact)
  setAttr(chart.svg, 'data-x0', chart.x0)
  chart.svg.setAttribute('data-x1', String(chart.x1))
  return true
}

/** The page goes on `height` px below the SVG's top (the SVG itself is as tall as all rows). */
export function clipAt(chart: Chart, spacer: El | undefined, height: number): void {
  if (spacer === undefined) return
  const margin = `${Math.min(0, height - chart.height)}px`
  if (spacer.style.marginTop !== margin) spacer.style.marginTop = margin
}
