// Pointer, wheel, keyboard and toolbar: hover and focus show tooltips, a click or Enter pins a bar's details,
// ancestors fold, the time axis zooms and pans, `n` and `p` go to the next and previous failure, the filter
// box hides rows. Listeners sit on the page section and the document, one of each kind for all the bars, so
// they outlive the charts swapped into the section and cost nothing per row of a huge chart.

import { formatTime } from '../../../core/format.ts'
import { formatOffset } from '../../../core/ticks.ts'
import { type El, type KeyEvt, doc, setAttr } from './dom.ts'
import { isFailedBar, parseFilter } from './gantt-filter.ts'
import type { Bar } from './gantt-model.ts'
import { parentName } from './gantt-model.ts'
import type { Page } from './gantt-page.ts'
import { type View, drawTime, pan, panByMs, round, shownWindow, timeAt, xOf, zoom } from './gantt-view.ts'

const ZOOM_STEP = 1.6
const PAN_STEP = 0.25

export function bindInput(page: Page): void {
  const { section } = page
  let drag: { x: number; moved: boolean } | undefined
  let hovering = false

  section.addEventListener('pointermove', (e) => {
    const view = page.view
    if (!view) return
    const box = view.chart.svg.getBoundingClientRect()
    const x = e.clientX - box.left
    if (drag) {
      const ms = ((drag.x - e.clientX) * msPerPx(view))
      if (Math.abs(drag.x - e.clientX) > 2) drag.moved = true
      if (drag.moved) {
        panByMs(view, ms)
        drag.x = e.clientX
        drawTime(view, box.top)
      }
    }
    // the tooltip reads where its bar is: before the cursor moves, which the chart would have to lay out first
    const bar = barOf(page, e.target)
    const gapEl = e.target?.closest('.gap')
    const gap = gapEl ? view.chart.gaps.find((g) => g.el === gapEl) : undefined
    if (bar) page.tip.showBar(bar)
    else if (gap) page.tip.showGap(gap, view.chart, e.clientX, e.clientY)
    else if (hovering) restoreFocusTip(page)
    hovering = bar !== undefined || gap !== undefined
    moveCursor(page, view, x)
  })
  section.addEventListener('pointerleave', () => {
    hovering = false
    if (page.cursor) setAttr(page.cursor.group, 'visibility', 'hidden')
    restoreFocusTip(page)
  })
  section.addEventListener('pointerdown', (e) => {
    const view = page.view
    if (!view || e.button !== 0 || view.window === null || !e.target?.closest('svg')) return
    const x = e.clientX - view.chart.svg.getBoundingClientRect().left
    if (x < view.chart.x0 || x > view.chart.x1) return
    drag = { x: e.clientX, moved: false }
  })
  const endDrag = () => {
    setTimeout(() => (drag = undefined), 0) // after the click that ends a drag, which must not fold
  }
  section.addEventListener('pointerup', endDrag)
  section.addEventListener('pointercancel', endDrag)

  section.addEventListener('click', (e) => {
    if (drag?.moved) return
    const button = e.target?.closest('[data-zoom],[data-pan]')
    if (button) {
      onButton(page, button)
      return
    }
    const bar = barOf(page, e.target)
    if (bar) {
      page.setCurrent(bar, true)
      page.pin(bar)
      return
    }
    const row = e.target?.closest('g.row.parent')
    const onName = e.target?.closest('.tw') ?? e.target?.closest('.label')
    const name = row?.getAttribute('data-name')
    if (row && onName && name !== null && name !== undefined) page.fold(name)
  })

  section.addEventListener(
    'wheel',
    (e) => {
      const view = page.view
      if (!view) return
      if (e.ctrlKey || e.metaKey) {
        e.preventDefault()
        const box = view.chart.svg.getBoundingClientRect()
        zoom(view, Math.exp(-e.deltaY * 0.002), timeAt(view, e.clientX - box.left))
        drawTime(view, box.top)
      } else if (view.window !== null && (e.shiftKey || Math.abs(e.deltaX) > Math.abs(e.deltaY))) {
        e.preventDefault()
        panByMs(view, (e.shiftKey ? e.deltaY : e.deltaX) * msPerPx(view))
        drawTime(view)
      }
    },
    { passive: false },
  )

  section.addEventListener('focusin', (e) => {
    const bar = barOf(page, e.target)
    if (!bar) return
    page.setCurrent(bar, false)
    bar.el?.setAttribute('aria-label', `${bar.row.host ? `${bar.row.name} @ ${bar.row.host}` : bar.row.name}, ${bar.status}`)
    if (page.detail?.bar !== bar) page.tip.showBar(bar)
  })
  section.addEventListener('focusout', (e) => {
    if (!barOf(page, e.relatedTarget) && !hovering) page.tip.hide()
  })
  section.addEventListener('keydown', (e) => {
    if (e.target?.closest('svg') && onKey(page, e)) e.preventDefault()
  })
  // the page's keys outside the chart: n, p, / and Esc (not while typing in the filter box). A key the chart
  // used is passed over: its bar may have left the page since (a huge chart draws the rows near the screen only).
  doc().addEventListener('keydown', (e) => {
    if (e.defaultPrevented || e.target?.closest('svg') || e.target?.closest('input, textarea, select')) return
    if (onPageKey(page, e)) e.preventDefault()
  })
  const close = doc().querySelector('#detail .close')
  close?.addEventListener('click', () => closeDetail(page))
}

/** The filter box and its "failures only": rows hidden as one types (a moment after, on a huge chart). */
export function bindFilter(page: Page): void {
  const input = doc().getElementById('filter')
  const failures = doc().getElementById('failures')
  if (!input || !failures) return
  let timer: ReturnType<typeof setTimeout> | undefined
  const apply = () => {
    timer = undefined
    page.filter = parseFilter(input.value ?? '', failures.checked === true)
    page.refilter()
  }
  const soon = () => {
    if (timer !== undefined) clearTimeout(timer)
    if ((page.view?.chart.rows.length ?? 0) > BIG_FILTER) timer = setTimeout(apply, 150)
    else apply()
  }
  input.addEventListener('input', soon)
  failures.addEventListener('change', apply)
  input.closest('form')?.addEventListener('submit', (e) => e.preventDefault())
  input.addEventListener('keydown', (e) => {
    if (e.key !== 'Escape') return
    if (input.value) {
      input.value = ''
      apply()
    } else page.current?.el?.focus()
  })
}

/** Rows past which the filter waits for a pause in the typing. */
const BIG_FILTER = 20_000

/** The toolbar: zoom in, out, fit; pan left, right. */
function onButton(page: Page, button: El): void {
  const view = page.view
  if (!view) return
  const how = button.getAttribute('data-zoom')
  if (how === 'in') zoom(view, ZOOM_STEP, focusTime(page))
  else if (how === 'out') zoom(view, 1 / ZOOM_STEP, focusTime(page))
  else if (how === 'fit') view.window = null
  else pan(view, Number(button.getAttribute('data-pan')) * PAN_STEP)
  drawTime(view)
}

/** Returns true when the key was used. */
function onKey(page: Page, e: KeyEvt): boolean {
  const view = page.view
  if (!view || e.ctrlKey || e.metaKey || e.altKey) return false
  const bar = barOf(page, e.target) ?? page.current
  switch (e.key) {
    case '+':
    case '=':
      zoom(view, ZOOM_STEP, focusTime(page))
      break
    case '-':
    case '_':
      zoom(view, 1 / ZOOM_STEP, focusTime(page))
      break
    case '0':
      view.window = null
      break
    case 'ArrowLeft':
    case 'ArrowRight': {
      const right = e.key === 'ArrowRight'
      if (e.shiftKey) {
        pan(view, right ? PAN_STEP : -PAN_STEP)
        break
      }
      if (!bar) return false
      const row = bar.row
      const folded = view.collapsed.has(row.name)
      if (row.parent && folded === right) page.fold(row.name, !right)
      else if (right) step(page, view, bar, 1)
      else goToParent(page, view, bar)
      return true
    }
    case 'ArrowDown':
    case 'ArrowUp':
      if (bar) step(page, view, bar, e.key === 'ArrowDown' ? 1 : -1)
      return true
    case 'Home':
    case 'End': {
      const bars = shownBars(view)
      const target = e.key === 'Home' ? bars[0] : bars[bars.length - 1]
      if (target) page.setCurrent(target, true)
      return true
    }
    case 'Enter':
      if (!bar) return false
      page.pin(bar)
      return true
    case ' ':
      if (!bar?.row.parent) return false
      page.fold(bar.row.name)
      return true
    default:
      return onPageKey(page, e)
  }
  drawTime(view)
  return true
}

/** Keys anywhere on the page: `n` next failure, `p` (or `N`) previous, `/` the filter box, Esc closes. */
function onPageKey(page: Page, e: KeyEvt): boolean {
  if (e.ctrlKey || e.metaKey || e.altKey) return false
  switch (e.key) {
    case 'n':
      toFailure(page, 1)
      return true
    case 'p':
    case 'N':
      toFailure(page, -1)
      return true
    case '/':
      doc().getElementById('filter')?.focus()
      return true
    case 'Escape': {
      const open = page.detail?.bar !== undefined
      if (open) closeDetail(page)
      page.tip.hide()
      return open || e.target?.closest('svg') !== null
    }
    default:
      return false
  }
}

/** Closes the detail panel; focus that was in it goes back to the chart. */
function closeDetail(page: Page): void {
  const inside = page.detail?.holds(doc().activeElement) ?? false
  page.detail?.hide()
  if (inside) page.current?.el?.focus()
}

/**
 * Focuses the next (by 1) or previous failed attempt after the focused bar, in the chart's order, coming
 * round at the end; rows the filter hides are passed over, folded ancestors unfolded.
 */
function toFailure(page: Page, by: 1 | -1): void {
  const view = page.view
  if (!view) return
  const rows = view.chart.rows
  const current = page.current
  const go = (bar: Bar) => {
    page.unfoldTo(bar.row)
    page.setCurrent(bar, true)
  }
  if (current) {
    const bars = current.row.bars
    for (let j = bars.indexOf(current) + by; j >= 0 && j < bars.length; j += by) if (isFailedBar(bars[j]!)) return go(bars[j]!)
  }
  const n = rows.length
  const from = current ? rows.indexOf(current.row) : by > 0 ? -1 : n
  for (let k = 1; k <= n; k++) {
    const row = rows[(((from + by * k) % n) + n) % n]!
    if (view.only && !view.only.has(row)) continue
    const bars = row.bars
    for (let j = by > 0 ? 0 : bars.length - 1; j >= 0 && j < bars.length; j += by) if (isFailedBar(bars[j]!)) return go(bars[j]!)
  }
}

function step(page: Page, view: View, bar: Bar, by: 1 | -1): void {
  const bars = shownBars(view)
  const next = bars[bars.indexOf(bar) + by]
  if (next) page.setCurrent(next, true)
}

function goToParent(page: Page, view: View, bar: Bar): void {
  const parent = parentName(bar.row.name)
  const row = view.shown.find((r) => r.name === parent && r.bars.length > 0)
  if (row?.bars[0]) page.setCurrent(row.bars[0], true)
}

function shownBars(view: View): Bar[] {
  return view.shown.flatMap((r) => r.bars)
}

/** Zoom keeps the focused bar in place, else the middle. */
function focusTime(page: Page): number | undefined {
  const bar = page.current
  if (!bar || !page.view) return undefined
  const { v0, v1 } = shownWindow(page.view)
  const mid = (bar.start + bar.end) / 2
  return mid >= v0 && mid <= v1 ? mid : undefined
}

function msPerPx(view: View): number {
  const { v0, v1 } = shownWindow(view)
  return (v1 - v0) / Math.max(1, view.chart.x1 - view.chart.x0)
}

function barOf(page: Page, target: El | null): Bar | undefined {
  const el = target?.closest('.bar')
  return el ? page.bars.get(el) : undefined
}

/** Back to the focused bar's tooltip once the pointer leaves, unless its details are pinned (they say it all). */
function restoreFocusTip(page: Page): void {
  const current = page.current
  if (current && doc().activeElement === current.el && page.detail?.bar !== current) page.tip.showBar(current)
  else page.tip.hide()
}

/** A dashed line under the pointer with its time: relative to the start, and absolute (UTC). */
function moveCursor(page: Page, view: View, x: number): void {
  const cursor = page.cursor
  if (!cursor) return
  const { x0, x1, start } = view.chart
  if (x < x0 || x > x1) {
    setAttr(cursor.group, 'visibility', 'hidden')
    return
  }
  const t = timeAt(view, x)
  const at = round(xOf(view, t))
  setAttr(cursor.line, 'x1', at)
  setAttr(cursor.line, 'x2', at)
  setAttr(cursor.line, 'y2', view.bottom)
  setAttr(cursor.label, 'x', Math.min(x1 - 90, Math.max(x0 + 90, at)))
  cursor.label.textContent = `+${formatOffset(Math.round(t - start))} · ${formatTime(t).slice(11, 23)} UTC`
  setAttr(cursor.group, 'visibility', 'visible')
}
