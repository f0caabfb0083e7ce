// The Gantt page: reads the chart, fits it to the window, keeps folds, zoom and focus across live
// refreshes, and lets running bars grow with the clock between the server's notifications.

import { formatDuration } from '../../../core/format.ts'
import { type El, type SizeWatch, doc, svgEl, watchSize, win } from './dom.ts'
import { prepare, setWidth } from './gantt-layout.ts'
import { type Detail, makeDetail } from './gantt-detail.ts'
import { type RowFilter, filteredRows } from './gantt-filter.ts'
import { bindFilter, bindInput } from './gantt-input.ts'
import { type Bar, type Chart, parentName, readChart } from './gantt-model.ts'
import { makeTooltip } from './gantt-tooltip.ts'
import { ALL_AT_ONCE, type View, catchUp, draw, drawRows, drawTime, reveal } from './gantt-view.ts'
import { fetchPart, followChanges, makeRefresher } from './live.ts'

/** What the input handlers need from the page. */
export interface Page {
  section: El
  view: View | undefined
  /** The bar that has (or last had) the keyboard focus: the chart's one tab stop (tabindex 0; the others -1). */
  current: Bar | undefined
  bars: WeakMap<El, Bar>
  tip: ReturnType<typeof makeTooltip>
  cursor: { line: El; label: El; group: El } | undefined
  /** Tells when the chart's width changes: with the window's, or when the page's scrollbar comes or goes. */
  resized: SizeWatch
  /** The panel of the bar pinned by a click or Enter; undefined on a page without one. */
  detail: Detail | undefined
  /** The filter of the rows, from the filter box; undefined: all rows, as folded. */
  filter: RowFilter | undefined
  /** Moves the keyboard focus (`focus`) or just the tab stop to a bar; an open panel follows a moved focus. */
  setCurrent(bar: Bar, focus: boolean): void
  fold(name: string, folded?: boolean): void
  /** Opens the detail panel on a bar. */
  pin(bar: Bar): void
  /** Shows the rows the filter lets through (all when it is off), keeping the focus on a shown bar. */
  refilter(): void
  /** Unfolds the ancestors that hide a row. */
  unfoldTo(row: Bar['row']): void
}

export function startGanttPage(section: El): void {
  const tipEl = doc().getElementById('tip')
  if (tipEl === null) return
  const panel = doc().getElementById('detail')
  const run = () => ({
    context: section.getAttribute('data-context') ?? '',
    timeline: section.getAttribute('data-timeline') ?? '',
    start: page.view?.chart.start ?? 0,
  })
  const page: Page = {
    section,
    view: undefined,
    current: undefined,
    bars: new WeakMap(),
    tip: makeTooltip(tipEl),
    cursor: undefined,
    detail: panel ? makeDetail(panel) : undefined,
    filter: undefined,
    resized: watchSize(() => {
      // after the browser's layout: the read costs nothing
      const view = page.view
      if (!view) return
      const box = view.chart.svg.getBoundingClientRect()
      if (setWidth(view.chart, box.width)) drawTime(view, box.top)
    }),
    setCurrent(bar, focus) {
      if (page.current && page.current !== bar) page.current.el?.setAttribute('tabindex', '-1')
      page.current = bar
      const view = page.view
      if (view?.chart.big) {
        view.keep = bar.row
        if (focus) reveal(view, bar.row)
      }
      bar.el?.setAttribute('tabindex', '0')
      if (focus) bar.el?.focus()
      if (focus && page.detail?.bar && page.detail.bar !== bar) page.detail.show(bar, run())
    },
    pin(bar) {
      page.detail?.show(bar, run())
      page.tip.hide() // the pinned details say all the tooltip would
    },
    refilter() {
      const view = page.view
      if (!view) return
      view.only = page.filter && filteredRows(view.chart.rows, page.filter)
      draw(view)
      countShown(page)
      const current = page.current
      if (current?.row.hidden) {
        const first = view.shown.find((r) => r.bars.length > 0)?.bars[0]
        if (first) page.setCurrent(first, doc().activeElement === current.el)
      }
    },
    unfoldTo(row) {
      const view = page.view
      if (!view || view.only) return
      let changed = false
      for (let p = parentName(row.name); p !== ''; p = parentName(p)) changed = view.collapsed.delete(p) || changed
      if (changed) draw(view)
    },
    fold(name, folded) {
      const view = page.view
      if (!view) return
      const now = folded ?? !view.collapsed.has(name)
      if (now) view.collapsed.add(name)
      else view.collapsed.delete(name)
      draw(view)
      const current = page.current
      if (current?.row.hidden) {
        const owner = view.chart.rows.find((r) => r.name === name && r.bars.length > 0)
        if (owner?.bars[0]) page.setCurrent(owner.bars[0], doc().activeElement === current.el)
      }
    },
  }

  mount(page, undefined)
  bindInput(page)
  bindFilter(page)
  win().addEventListener('scroll', () => page.view && catchUp(page.view), { passive: true })
  win().addEventListener('resize', () => page.view && catchUp(page.view)) // a taller window shows more rows
  let ticks = 0
  setInterval(() => {
    // Hidden tabs skip the clock; a chart of hundreds of rows moves every 5 s, not every second.
    const big = (page.view?.shown.length ?? 0) > ALL_AT_ONCE
    if (!doc().hidden && (!big || ++ticks % 5 === 0)) tick(page)
  }, 1_000)

  const changes = section.getAttribute('data-changes')
  const fragment = section.getAttribute('data-fragment')
  if (changes === null || fragment === null) return
  const timeline = section.getAttribute('data-timeline')
  const refresh = makeRefresher(async () => {
    const html = await fetchPart(fragment)
    if (html !== undefined) replace(page, html)
  })
  followChanges(
    changes,
    (change) => {
      if (change.timeline === timeline) refresh()
      else if (change.created && section.hasAttribute('data-latest')) win().location.reload()
    },
    refresh,
  )
}

/** Swaps in a fresh chart, keeping what the person chose: folds, zoom, the focused bar. */
function replace(page: Page, html: string): void {
  const before = page.view
  const current = page.current
  const key = current ? keyOf(current) : undefined
  const hadFocus = current !== undefined && doc().activeElement === current.el
  page.section.innerHTML = html
  page.current = undefined
  const pinned = page.detail?.bar
  const pinnedKey = pinned && keyOf(pinned)
  mount(page, before && { window: before.window, collapsed: before.collapsed })
  countShown(page)
  if (!page.view) return
  let left = (key === undefined ? 0 : 1) + (pinnedKey === undefined ? 0 : 1) // bars still to find
  for (const row of page.view.chart.rows) {
    if (left === 0) return
    for (const bar of row.bars) {
      const k = keyOf(bar)
      if (k === pinnedKey) {
        page.pin(bar) // the panel shows the bar as it is now
        left--
      }
      if (k !== key) continue
      left--
      page.setCurrent(bar, hadFocus)
      if (hadFocus) page.tip.showBar(bar)
    }
  }
}

function mount(page: Page, keep: Pick<View, 'window' | 'collapsed'> | undefined): void {
  const svg = page.section.querySelector('svg.upto-gantt')
  if (svg === null) {
    page.view = undefined
    return
  }
  const chart = readChart(svg, Date.now())
  const view: View = {
    chart,
    window: null,
    collapsed: keep?.collapsed ?? foldedAtFirst(chart),
    only: page.filter && filteredRows(chart.rows, page.filter),
    shown: [],
    bottom: 0,
    version: 1,
    spacer: prepare(chart),
    mounted: new Set(),
    keep: undefined,
    onBar: (bar) => bar.el && page.bars.set(bar.el, bar),
  }
  if (keep?.window && keep.window.v1 - keep.window.v0 < chart.end - chart.start) {
    const span = keep.window.v1 - keep.window.v0
    const v0 = Math.min(chart.end - span, Math.max(chart.start, keep.window.v0))
    view.window = { v0, v1: v0 + span }
  }
  page.view = view
  for (const row of chart.rows) for (const bar of row.bars) if (bar.el) page.bars.set(bar.el, bar)
  const group = svgEl('g', { class: 'cursor-g', visibility: 'hidden' })
  const line = svgEl('line', { class: 'cursor', y1: chart.top - 8, y2: chart.top })
  const label = svgEl('text', { class: 'cursor-label', y: 44, 'text-anchor': 'middle' })
  group.append(line, label)
  svg.append(group)
  page.cursor = { group, line, label }
  drawRows(view)
  // The one read: the browser lays the fresh chart out here, at the width the page gives it. The
  // writes above come before it; those below change only what a layout redoes quickly.
  const box = svg.getBoundingClientRect()
  setWidth(chart, box.width)
  drawTime(view, box.top)
  page.resized.disconnect()
  page.resized.observe(svg)
  const first = view.shown.find((r) => r.bars.length > 0)?.bars[0]
  if (first) page.setCurrent(first, false)
}

/** `12 of 40 rows` beside the filter box, while it filters. */
function countShown(page: Page): void {
  const count = doc().getElementById('filter-count')
  const view = page.view
  if (!count) return
  const n = (x: number) => x.toLocaleString('en-US')
  count.textContent = page.filter && view ? `${n(view.shown.length)} of ${n(view.chart.rows.length)} rows` : ''
}

/** A big chart opens with its deep levels folded, from the depth the server chose (unfolded on click). */
function foldedAtFirst(chart: Chart): Set<string> {
  const depth = chart.big?.foldDepth
  const folded = new Set<string>()
  if (depth === undefined) return folded
  for (const row of chart.rows) if (row.parent && depthOf(row.name) >= depth) folded.add(row.name)
  return folded
}

function depthOf(name: string): number {
  let dots = 0
  for (let i = name.indexOf('.'); i >= 0; i = name.indexOf('.', i + 1)) dots++
  return dots
}

/** Running bars reach now; their rows' durations and the summary count on. */
function tick(page: Page): void {
  const view = page.view
  if (!view || !view.chart.running) return
  const { chart } = view
  const now = Date.now() + chart.clockOffset
  chart.end = Math.max(chart.last, now)
  const texts: [El, string][] = []
  for (const row of chart.rows) {
    let start = Number.POSITIVE_INFINITY
    let running = false
    for (const bar of row.bars) {
      start = Math.min(start, bar.start)
      if (bar.state === 'running' && !bar.point) {
        bar.end = chart.end
        running = true
      }
    }
    if (running && row.dur) texts.push([row.dur, formatDuration(chart.end - start)])
  }
  const summary = page.section.querySelector('.duration[data-since]')
  const since = Number(summary?.getAttribute('data-since'))
  if (summary && Number.isFinite(since)) texts.push([summary, formatDuration(chart.end - since)])
  drawTime(view) // reads where the chart is before any write
  for (const [el, text] of texts) if (el.textContent !== text) el.textContent = text
  const current = page.current
  const tip = doc().getElementById('tip')
  if (current && tip && !tip.hidden && current.state === 'running' && doc().activeElement === current.el) page.tip.showBar(current)
}

function keyOf(bar: Bar): string {
  return `${bar.row.name}\0${bar.row.host}\0${bar.row.kind}\0${bar.row.bars.indexOf(bar)}`
}
