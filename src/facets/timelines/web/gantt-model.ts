// The chart as the script sees it, read once from the server's SVG: rows, bars with their times,
// gaps, and the geometry the server drew with.

import type { AttemptState, Row as RowData } from '../../../core/types.ts'
import { type El, all, num } from './dom.ts'

export interface Bar {
  /** Undefined for a bar of a big chart's row while the row is not drawn (gantt-rows.ts). */
  el: El | undefined
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
  /** A big chart's: the classes to draw it with. */
  cls?: string
}

export interface Row {
  /** Undefined for a big chart's row while it is not drawn: only the rows near the screen are. */
  el: El | undefined
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
  /** A big chart's: what to draw the row with when it comes near the screen. */
  look?: RowLook
}

/** The texts of a big chart's row, as the server laid them out (facets/timelines/web-gantt-data.ts). */
export interface RowLook {
  x: number
  label: string
  host: string
  dur: string
  tone: string
  tag: string
  critical: boolean
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
  /** Where the bars start: `wideX0`, right of the names, durations and status tags as the server drew them, or
   * nearer in a compact chart (gantt-layout.ts). */
  x0: number
  wideX0: number
  x1: number
  width: number
  /** The SVG's height as the server drew it: all rows shown. */
  height: number
  top: number
  rowH: number
  /** A big chart: its rows came as data, and are drawn only near the screen (gantt-rows.ts). */
  big: BigChart | undefined
}

export interface BigChart {
  /** Where the rows' elements go. */
  group: El
  durX: number
  tagX: number
  bar: number
  thin: number
  /** Parents from this depth start folded; undefined: none. */
  foldDepth: number | undefined
}

const STATES: readonly AttemptState[] = ['done', 'running', 'abandoned', 'orphan', 'stale']

export function readChart(svg: El, clientNow: number): Chart {
  const top = num(svg, 'data-top', 46)
  const rowH = num(svg, 'data-row', 22)
  const data = svg.hasAttribute('data-rows') ? svg.parentElement?.querySelector('script.upto-rows') : null
  const group = svg.querySelector('g.rows')
  const big: BigChart | undefined =
    data && group
      ? {
          group,
          durX: num(svg, 'data-dur-x'),
          tagX: num(svg, 'data-tag-x'),
          bar: num(svg, 'data-bar', 14),
          thin: num(svg, 'data-thin', 6),
          foldDepth: svg.hasAttribute('data-fold-depth') ? num(svg, 'data-fold-depth') : undefined,
        }
      : undefined
  const rows: Row[] = data ? readRowsData(data, top, rowH) : all(svg, 'g.row').map((el, i) => {
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
    wideX0: num(svg, 'data-x0'),
    x1: num(svg, 'data-x1'),
    width: num(svg, 'width', 1000),
    height: num(svg, 'height', top + Math.max(1, rows.length) * rowH + 12),
    top,
    rowH,
    big,
  }
}

const KINDS: readonly RowData['kind'][] = ['span', 'mark', 'implied']

/** Numbers are texts of `strings`; its first, 0, is '' (no message, no attrs, no parent). */
type RowTuple = [number, number, number, number, number, number, number, number, number, number, number, BarTuple[]]
type BarTuple = [number, number, number, number, number, number, number]

/** A big chart's rows, from its data element (the fields of facets/timelines/web-gantt-data.ts). */
function readRowsData(data: El, top: number, rowH: number): Row[] {
  let tuples: RowTuple[] = []
  let strings: string[] = []
  let base = 0
  try {
    const parsed = JSON.parse(data.textContent ?? '{}') as { base?: number; rows?: RowTuple[]; strings?: string[] }
    tuples = parsed.rows ?? []
    strings = parsed.strings ?? []
    base = parsed.base ?? 0
  } catch {}
  data.textContent = '' // read once: the rows below hold it now
  const text = (n: number): string => strings[n] ?? ''
  // the attrs of many bars are one text: parsed once
  const attrsOf = new Map<number, Record<string, string> | undefined>()
  const attrsAt = (n: number) => {
    if (!attrsOf.has(n)) attrsOf.set(n, parseAttrs(text(n)))
    return attrsOf.get(n)
  }
  return tuples.map(([prefixN, segmentN, hostN, kind, flags, x, labelN, shownHostN, durN, toneN, tagN, bars], i) => {
    const host = text(hostN)
    const prefix = text(prefixN)
    const row: Row = {
      el: undefined,
      name: prefix === '' ? text(segmentN) : `${prefix}.${text(segmentN)}`,
      host,
      kind: KINDS[kind] ?? 'span',
      parent: (flags & 1) !== 0,
      bars: [],
      dur: null,
      toggle: null,
      hidden: false,
      folded: undefined,
      y: top + i * rowH,
      drawn: 0,
      look: { x, label: text(labelN), host: text(shownHostN), dur: text(durN), tone: text(toneN), tag: text(tagN), critical: (flags & 2) !== 0 },
    }
    row.bars = bars.map(([start, end, clsN, statusN, attempt, message, attrs]) => {
      const cls = text(clsN)
      const status = text(statusN)
      const words = cls.split(' ')
      return {
        el: undefined,
        row,
        start: base + start,
        end: base + end,
        state: STATES.find((s) => s === words[1]) ?? 'done',
        status,
        attempt,
        point: words.includes('point') || words.includes('mark'),
        mark: words.includes('mark'),
        message: message === 0 ? undefined : text(message),
        attrs: attrs === 0 ? undefined : attrsAt(attrs),
        cls,
      }
    })
    return row
  })
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
