// The chart as the script sees it, read once from the server's SVG: rows, bars with their times,
// gaps, and the geometry the server drew with.

import type { AttemptState, Row as RowData } from '../../../core/types.ts'
import { type El, all, num } from './dom.ts'

export interface Bar {
  el: El
  row: Row
  start: number
  end: number
  state: AttemptState
  status: string
  attempt: number
  /** Orphan ends and marks are instants. */
  point: boolean
  mark: boolean
  message: string | undefined
  attrs: Record<string, string> | undefined
}

export interface Row {
  el: El
  name: string
  host: string
  kind: RowData['kind']
  /** The first row of a name with children: it folds them. */
  parent: boolean
  bars: Bar[]
  dur: El | null
  toggle: El | null
  hidden: boolean
  /** For a parent: whether its toggle shows it folded (undefined: as the server drew it). */
  folded: boolean | undefined
  /** Where the row is drawn, and the view version its bars were last placed for (0: as the server drew them). */
  y: number
  drawn: number
}

export interface Gap {
  el: El
  start: number
  end: number
}

export interface Chart {
  svg: El
  rows: Row[]
  gaps: Gap[]
  /** The timeline's axis as drawn: [start, end] in ms; `end` follows now while running. */
  start: number
  end: number
  /** Latest known time apart from now, so a running axis never shrinks below it. */
  last: number
  running: boolean
  /** Server time minus this browser's clock, from the render's `now`. */
  clockOffset: number
  x0: number
  x1: number
  width: number
  /** The SVG's height as the server drew it: all rows shown. */
  height: number
  top: number
  rowH: number
}

const STATES: readonly AttemptState[] = ['done', 'running', 'abandoned', 'orphan']

export function readChart(svg: El, clientNow: number): Chart {
  const top = num(svg, 'data-top', 46)
  const rowH = num(svg, 'data-row', 22)
  const rows: Row[] = all(svg, 'g.row').map((el, i) => {
    const row: Row = {
      el,
      name: el.getAttribute('data-name') ?? '',
      host: el.getAttribute('data-host') ?? '',
      kind: el.classList.contains('implied') ? 'implied' : el.classList.contains('mark') ? 'mark' : 'span',
      parent: el.classList.contains('parent'),
      bars: [],
      dur: el.querySelector('.dur'),
      toggle: el.querySelector('.tw'),
      hidden: false,
      folded: undefined,
      y: top + i * rowH,
      drawn: 0,
    }
    row.bars = all(el, '.bar').map((b) => readBar(b, row))
    return row
  })
  const gaps = all(svg, '.gap').map((el) => ({ el, start: num(el, 'data-start'), end: num(el, 'data-end') }))
  const start = num(svg, 'data-start')
  const end = num(svg, 'data-end')
  const now = num(svg, 'data-now', clientNow)
  const running = svg.hasAttribute('data-running')
  let last = start
  for (const row of rows) for (const bar of row.bars) if (bar.state !== 'running') last = Math.max(last, bar.end)
  return {
    svg, rows, gaps, start, end, last, running,
    clockOffset: now - clientNow,
    x0: num(svg, 'data-x0'),
    x1: num(svg, 'data-x1'),
    width: num(svg, 'width', 1000),
    height: num(svg, 'height', top + Math.max(1, rows.length) * rowH + 12),
    top,
    rowH,
  }
}

function readBar(el: El, row: Row): Bar {
  const cls = (name: string) => el.classList.contains(name)
  const attrs = el.getAttribute('data-attrs')
  return {
    el,
    row,
    start: num(el, 'data-start'),
    end: num(el, 'data-end'),
    state: STATES.find(cls) ?? 'done',
    status: el.getAttribute('data-status') ?? '',
    attempt: num(el, 'data-attempt'),
    point: cls('point') || cls('mark'),
    mark: cls('mark'),
    message: el.getAttribute('data-message') ?? undefined,
    attrs: attrs === null ? undefined : parseAttrs(attrs),
  }
}

function parseAttrs(json: string): Record<string, string> | undefined {
  try {
    const value: unknown = JSON.parse(json)
    return typeof value === 'object' && value !== null ? (value as Record<string, string>) : undefined
  } catch {
    return undefined
  }
}

/** The name of a row's parent node: `a.b` of `a.b.c`; '' for a root. */
export function parentName(name: string): string {
  const dot = name.lastIndexOf('.')
  return dot < 0 ? '' : name.slice(0, dot)
}
