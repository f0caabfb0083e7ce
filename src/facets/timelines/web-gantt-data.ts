// The rows of a big chart as data for the page's script, which draws only the rows near the screen: a page
// of 200,000 rows as SVG is hundreds of megabytes of elements for the browser to parse and lay out.
// One JSON array a row, after the SVG in a <script type="application/json"> (data, never run: the
// Content-Security-Policy allows no inline script, and needs not), each `<` written \u003c so that no text
// ends the element. The script reads it in web/gantt-model.ts; the order of fields is shared with it.
// Texts that repeat from row to row (hosts, labels, durations, tags, classes, statuses) are numbers into `strings`,
// written once after the rows: a third of the bytes of a 200,000-row page, to draw, send and parse.
//
// Times are ms after `base`, the chart's start: a few digits where the time itself has thirteen, and small
// integers the browser keeps without a number object each. For 200,000 rows the page is 13% smaller.
// A name goes as its parent's part and its last segment, both of which repeat (`stage1.job133` and `step687`
// of `stage1.job133.step687`): for 200,000 rows, 1.9 MB where the names whole were 4.5 MB.
//
//   {"base": ms, "rows": [row, ...], "strings": [text, ...]}
//   row: [name before its last dot*, last segment*, host*, kind (0 span, 1 mark, 2 implied),
//         flags (1 folds children, 2 on the critical path), label x, label*, ` @host` as shown*, duration text*,
//         tag tone*, tag text*, bars]
//   bar: [start − base, end − base, classes*, status*, attempt, message*, attrs JSON*]
//   * a number: the index of the text in `strings`, whose first is always '' (no message, no attrs, a root's parent)

import type { GanttFrame } from '../../core/layout.ts'
import { layoutRow } from '../../core/layout.ts'
import type { Timeline } from '../../core/types.ts'
import { rowTag } from './status-label.ts'
import type { Columns } from './web-gantt-geometry.ts'
import { barClass, hasKeys, labelOf } from './web-gantt-row.ts'

const KINDS = { span: 0, mark: 1, implied: 2 } as const

/** The data element, in parts of `slice` rows. */
export function* rowsDataParts(timeline: Timeline, frame: GanttFrame, cols: Columns, critical: ReadonlySet<number>, slice: number): Generator<string, void, undefined> {
  const base = frame.start
  yield `<script type="application/json" class="upto-rows">{"base":${base},"rows":[`
  const strings: string[] = ['']
  const numbers = new Map<string, number>([['', 0]])
  const s = (text: string): number => {
    let n = numbers.get(text)
    if (n === undefined) {
      n = strings.length
      strings.push(text)
      numbers.set(text, n)
    }
    return n
  }
  let out = ''
  const { rows } = timeline
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!
    const g = layoutRow(row, frame.axis)
    const parent = row.children.length > 0 && rows[i - 1]?.name !== row.name
    const label = labelOf(g, cols)
    let bars = ''
    for (const bar of g.bars) {
      const message = bar.source?.message ? s(bar.source.message) : 0
      const attrs = bar.source && hasKeys(bar.source.attrs) ? s(JSON.stringify(bar.source.attrs)) : 0
      bars += `${bars === '' ? '' : ','}[${bar.start - base},${bar.end - base},${s(barClass(g, bar))},${s(bar.status)},${bar.attempt},${message},${attrs}]`
    }
    const flags = (parent ? 1 : 0) | (critical.has(i) ? 2 : 0)
    const tag = rowTag(g.status, g.tone, g.kind, g.attempts)
    const dot = g.name.lastIndexOf('.')
    out +=
      `${i === 0 ? '' : ','}[${dot < 0 ? 0 : s(g.name.slice(0, dot))},${s(g.name.slice(dot + 1))},${s(g.host)},${KINDS[g.kind]},${flags},` +
      `${label.x},${s(label.name)},${s(label.host)},${s(g.durationText)},${s(g.tone)},${s(tag)},[${bars}]]`
    if (i % slice === slice - 1) {
      yield escapeLt(out)
      out = ''
    }
  }
  yield `${escapeLt(out)}],"strings":${escapeLt(JSON.stringify(strings))}}</script>`
}

/** `<` only ever stands inside the JSON's strings, where \u003c is the same character. */
function escapeLt(json: string): string {
  return json.includes('<') ? json.replace(/</g, '\\u003c') : json
}

/**
 * The depth from which a big chart's parents start folded: the deepest at which the rows down to it number at
 * most `fit`. Undefined when even the top level is more: then nothing folds by default.
 */
/** How many rows there are at each depth: what foldDepthOf and shownRowsAt read. */
export function* rowsPerDepthParts(timeline: Timeline, slice: number): Generator<string, number[], undefined> {
  const perDepth: number[] = []
  const rows = timeline.rows
  for (let i = 0; i < rows.length; i++) {
    const depth = rows[i]!.depth
    perDepth[depth] = (perDepth[depth] ?? 0) + 1
    if (i % slice === slice - 1) yield ''
  }
  return perDepth
}

/** The deepest level whose rows, with all above it, fit in `fit`; undefined when every row fits. */
export function foldDepthOf(perDepth: readonly number[], fit: number): number | undefined {
  let shown = 0
  let depth: number | undefined
  for (let d = 0; d < perDepth.length; d++) {
    shown += perDepth[d] ?? 0
    if (shown > fit) break
    depth = d
  }
  return depth === perDepth.length - 1 ? undefined : depth
}

/** Rows shown when every parent at `depth` is folded: those down to it (each row's ancestors are rows too). */
export function shownRowsAt(perDepth: readonly number[], depth: number): number {
  let n = 0
  for (let d = 0; d <= depth && d < perDepth.length; d++) n += perDepth[d] ?? 0
  return n
}
