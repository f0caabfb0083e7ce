// What part of the chart is shown: the time window (zoom and pan), folded ancestors, the width. Draws
// by moving the server's elements: bars, gaps, gridlines and rows get new coordinates, nothing is rebuilt
// but the axis. Each draw reads the geometry it needs before it writes, and writes only what changed: a
// read after a write makes the browser lay out the chart there and then, and a big chart takes long.

import { formatTime } from '../../../core/format.ts'
import { formatOffset, niceInterval } from '../../../core/ticks.ts'
import { gapLabel } from '../gap-text.ts'
import { type El, all, setAttr, svgEl, win } from './dom.ts'
import { clipAt } from './gantt-layout.ts'
import { mountRow, unmountRow } from './gantt-rows.ts'
import type { Bar, Chart, Row } from './gantt-model.ts'
import { parentName } from './gantt-model.ts'

export interface View {
  chart: Chart
  /** The shown time window; null shows all of it (and follows now while running). */
  window: { v0: number; v1: number } | null
  collapsed: Set<string>
  /** While the filter is on: the rows it shows (gantt-filter.ts), folds set aside. */
  only: Set<Row> | undefined
  /** Rows shown, in order, and the y under the last: recomputed by drawRows(). */
  shown: Row[]
  bottom: number
  /** Bumped when positions change (window, width, clock): a row is up to date when its `drawn` equals it. */
  version: number
  /** Under the SVG: ends the page under the rows shown (gantt-layout.ts). */
  spacer: El | undefined
  /** A big chart's rows that have elements now; `keep`, the row of the focused bar, keeps them. */
  mounted: Set<Row>
  keep: Row | undefined
  /** Hears each bar a big chart draws (for the page's map from elements to bars). */
  onBar: (bar: Bar) => void
}

/** Up to this many rows, every row is placed at once; above, only those near the screen, the rest on scroll. */
export const ALL_AT_ONCE = 300
/** Rows placed above and below the screen. */
const MARGIN_ROWS = 30

const TICK_GAP = 80
const MIN_WINDOW_MS = 5

export function shownWindow(view: View): { v0: number; v1: number } {
  return view.window ?? { v0: view.chart.start, v1: view.chart.end }
}

/** x of a time in the current window (not clamped). */
export function xOf(view: View, t: number): number {
  const { v0, v1 } = shownWindow(view)
  const { x0, x1 } = view.chart
  return v1 > v0 ? x0 + ((t - v0) * (x1 - x0)) / (v1 - v0) : x0
}

/** The time under an x, clamped to the axis. */
export function timeAt(view: View, x: number): number {
  const { v0, v1 } = shownWindow(view)
  const { x0, x1 } = view.chart
  return v0 + ((Math.min(x1, Math.max(x0, x)) - x0) * (v1 - v0)) / Math.max(1, x1 - x0)
}

/** Everything: after a fold, a new width, or a fresh chart. `top`: the chart's {@link screenTop}, if just read. */
export function draw(view: View, top = screenTop(view)): void {
  drawRows(view)
  drawTime(view, top)
}

/** What depends on the time window only: after a zoom, a pan, or a tick of the clock. */
export function drawTime(view: View, top = screenTop(view)): void {
  view.version++
  drawBars(view, top)
  drawGaps(view, view.bottom)
  drawAxis(view, view.bottom)
}

/** Places the bars of rows scrolled into sight since the last change (big charts only). */
export function catchUp(view: View): void {
  if (view.shown.length > ALL_AT_ONCE) drawBars(view, screenTop(view))
}

/** Where the chart's top is in the window, for big charts, which place only the rows near the screen. */
export function screenTop(view: View): number {
  return view.chart.rows.length > ALL_AT_ONCE ? view.chart.svg.getBoundingClientRect().top : 0
}

/** Zoom by `factor` (> 1 zooms in) keeping `at` (a time) where it is. */
export function zoom(view: View, factor: number, at?: number): void {
  const { start, end } = view.chart
  const { v0, v1 } = shownWindow(view)
  const pivot = at ?? (v0 + v1) / 2
  const span = Math.min(end - start, Math.max(MIN_WINDOW_MS, (v1 - v0) / factor))
  if (span >= end - start) {
    view.window = null
    return
  }
  const left = pivot - ((pivot - v0) * span) / Math.max(1e-9, v1 - v0)
  setWindow(view, left, left + span)
}

/** Move the window by a fraction of its width (negative: back in time). */
export function pan(view: View, fraction: number): void {
  if (view.window === null) return
  const { v0, v1 } = view.window
  const shift = (v1 - v0) * fraction
  setWindow(view, v0 + shift, v1 + shift)
}

export function panByMs(view: View, ms: number): void {
  if (view.window === null) return
  setWindow(view, view.window.v0 + ms, view.window.v1 + ms)
}

function setWindow(view: View, v0: number, v1: number): void {
  const { start, end } = view.chart
  const span = v1 - v0
  const left = Math.min(end - span, Math.max(start, v0))
  view.window = { v0: left, v1: left + span }
}

/** Hides rows under folded ancestors (or left out by the filter), stacks the others, and sets the y under the last row. */
export function drawRows(view: View): void {
  const { chart, collapsed, only } = view
  const shown: Row[] = []
  for (const row of chart.rows) {
    let hidden = only !== undefined && !only.has(row)
    if (only === undefined) for (let p = parentName(row.name); p !== '' && !hidden; p = parentName(p)) hidden = collapsed.has(p)
    if (hidden !== row.hidden) {
      row.hidden = hidden
      if (chart.big) {
        if (hidden) unmount(view, row)
      } else row.el?.classList.toggle('hidden', hidden)
    }
    if (hidden) continue
    const y = chart.top + shown.length * chart.rowH
    if (row.y !== y) {
      row.y = y
      row.el?.setAttribute('transform', `translate(0 ${y})`)
    }
    shown.push(row)
    const folded = row.parent && collapsed.has(row.name)
    if (row.parent && row.folded !== folded) {
      row.folded = folded
      row.el?.setAttribute('aria-expanded', String(!folded))
      const mark = folded ? '▸' : '▾'
      if (row.toggle && row.toggle.textContent !== mark) row.toggle.textContent = mark
    }
  }
  view.shown = shown
  view.bottom = chart.top + Math.max(1, shown.length) * chart.rowH
  // a big chart's SVG holds a hundred rows' elements: cheap to size again, unlike a small chart's (gantt-layout.ts)
  if (chart.big) setAttr(chart.svg, 'height', view.bottom + 12)
  else clipAt(chart, view.spacer, view.bottom + 12)
  const stripes = chart.svg.querySelector('.stripes')
  if (stripes) setAttr(stripes, 'height', shown.length * chart.rowH)
}

/** `top`: the chart's top in the window, read before this draw's writes. */
function drawBars(view: View, top: number): void {
  const { shown, version } = view
  let [from, to] = [0, shown.length]
  if (shown.length > ALL_AT_ONCE) {
    const { chart } = view
    from = Math.max(0, Math.floor((-top - chart.top) / chart.rowH) - MARGIN_ROWS)
    to = Math.min(shown.length, Math.ceil((win().innerHeight - top - chart.top) / chart.rowH) + MARGIN_ROWS)
  }
  const big = view.chart.big
  if (big) {
    // rows that left the reach of the screen lose their elements; those that came into it get theirs
    for (const row of view.mounted) {
      const at = (row.y - view.chart.top) / view.chart.rowH
      if ((at < from || at >= to || row.hidden) && row !== view.keep) unmount(view, row)
    }
    for (let i = from; i < to; i++) {
      const row = shown[i]!
      if (row.el) continue
      mountRow(row, big, view.onBar)
      view.mounted.add(row)
    }
  }
  for (let i = from; i < to; i++) {
    const row = shown[i]!
    if (row.drawn === version) continue
    if (row.drawn === 0) {
      // focusable by click and script, and a button: Enter or a click pins its details
      for (const bar of row.bars) {
        bar.el?.setAttribute('tabindex', '-1')
        bar.el?.setAttribute('role', 'button')
      }
    }
    row.drawn = version
    for (const bar of row.bars) placeBar(view, bar)
  }
  // the focused bar's row, kept while off the screen, follows zooms too
  const keep = view.keep
  if (big && keep?.el && keep.drawn !== version) {
    keep.drawn = version
    for (const bar of keep.bars) placeBar(view, bar)
  }
}

function unmount(view: View, row: Row): void {
  unmountRow(row)
  view.mounted.delete(row)
}

/** Makes sure a big chart's row has its elements: scrolls it to the middle of the screen and draws there. */
export function reveal(view: View, row: Row): void {
  if (row.el || row.hidden || !view.chart.big) return
  const box = view.chart.svg.getBoundingClientRect()
  const w = win()
  w.scrollTo(w.scrollX, Math.max(0, w.scrollY + box.top + row.y - w.innerHeight / 2))
  drawBars(view, screenTop(view))
}

/** Bars off the window are hidden; the others inherit their row's visibility (hidden rows stay laid out). */
export function placeBar(view: View, bar: Bar): void {
  const { x0, x1 } = view.chart
  const from = xOf(view, bar.start)
  const el = bar.el
  if (!el) return
  if (bar.mark) {
    const off = from < x0 - 1 || from > x1 + 1
    setAttr(el, 'visibility', off ? 'hidden' : null)
    setAttr(el, 'transform', `translate(${round(from)} 0)`)
    return
  }
  if (bar.point) {
    const off = from < x0 - 1 || from > x1 + 1
    setAttr(el, 'visibility', off ? 'hidden' : null)
    setAttr(el, 'x', round(from - 1.5))
    return
  }
  const to = xOf(view, bar.end)
  const off = to < x0 || from > x1
  setAttr(el, 'visibility', off ? 'hidden' : null)
  const left = Math.max(x0, from)
  setAttr(el, 'x', round(left))
  setAttr(el, 'width', round(Math.max(1, Math.min(x1, to) - left)))
}

function drawGaps(view: View, bottom: number): void {
  const group = view.chart.svg.querySelector('g.gaps')
  if (!group) return
  for (const label of all(group, '.gap-label')) label.remove()
  const { x0, x1, top } = view.chart
  for (const gap of view.chart.gaps) {
    const from = Math.max(x0, xOf(view, gap.start))
    const to = Math.min(x1, xOf(view, gap.end))
    const off = to <= from
    setAttr(gap.el, 'visibility', off ? 'hidden' : null)
    if (off) continue
    setAttr(gap.el, 'x', round(from))
    setAttr(gap.el, 'width', round(Math.max(1, to - from)))
    setAttr(gap.el, 'height', bottom - (top - 8))
    const label = gapLabel(gap, to - from)
    if (label) group.append(svgEl('text', { class: 'gap-label', x: round((from + to) / 2), y: 32, 'text-anchor': 'middle' }, label))
  }
}

/** Gridlines every nice interval of the window, labelled relative to the start, absolute in a <title>. */
function drawAxis(view: View, bottom: number): void {
  const { chart } = view
  const axis = chart.svg.querySelector('g.axis')
  if (!axis) return
  const { v0, v1 } = shownWindow(view)
  const { x0, x1, start, top } = chart
  const nodes: El[] = []
  const interval = v1 > v0 ? niceInterval(((v1 - v0) * TICK_GAP) / Math.max(1, x1 - x0)) : 0
  if (interval > 0) {
    const first = Math.ceil((v0 - start) / interval - 1e-9) * interval
    for (let offset = first; start + offset <= v1 + 1e-6; offset += interval) {
      const x = round(xOf(view, start + offset))
      const anchor = x - x0 < 20 ? 'start' : x1 - x < 20 ? 'end' : 'middle'
      nodes.push(svgEl('line', { class: 'grid', x1: x, y1: top - 8, x2: x, y2: bottom }))
      const text = svgEl('text', { class: 'tick', x, y: 16, 'text-anchor': anchor })
      text.append(svgEl('title', {}, formatTime(start + offset)), formatOffset(Math.round(offset * 1e6) / 1e6))
      nodes.push(text)
    }
  } else {
    nodes.push(svgEl('text', { class: 'tick', x: x0, y: 16 }, '0s'))
  }
  if (chart.running) {
    const x = xOf(view, chart.end)
    if (x >= x0 && x <= x1 + 0.5) nodes.push(svgEl('line', { class: 'now', x1: round(x), y1: top - 8, x2: round(x), y2: bottom }))
  }
  axis.replaceChildren(...nodes)
}

export function round(x: number): number {
  return Math.round(x * 100) / 100
}
