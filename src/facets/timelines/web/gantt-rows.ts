// The rows of a big chart, drawn only near the screen: its rows came as data (facets/timelines/web-gantt-data.ts),
// and the elements of a row are made when it comes within reach of the screen and removed when it leaves,
// so that the browser lays out and paints a hundred rows, not 200,000. A row drawn here is the server's
// row as it draws a small chart; its bars get their place from the view (gantt-view.ts).

import { type El, svgEl } from './dom.ts'
import type { Bar, BigChart, Row } from './gantt-model.ts'

/** Draws a row that has no elements yet, at its `y`; `onBar` hears each bar drawn. */
export function mountRow(row: Row, big: BigChart, onBar: (bar: Bar) => void): void {
  const look = row.look
  if (row.el || !look) return
  const kind = row.kind === 'span' ? '' : ` ${row.kind}`
  const g = svgEl('g', { class: `row${kind}${row.parent ? ' parent' : ''}`, 'data-name': row.name, transform: `translate(0 ${row.y})` })
  if (row.host) g.setAttribute('data-host', row.host)
  if (look.critical) g.setAttribute('data-critical', '')
  if (row.parent) {
    row.toggle = svgEl('text', { class: 'tw', x: look.x - 12, y: 15 }, row.folded ? '▸' : '▾')
    g.setAttribute('aria-expanded', String(!row.folded))
    g.append(row.toggle)
  }
  const label = svgEl('text', { class: 'label', x: look.x, y: 15 }, look.label)
  if (look.host) {
    const host = svgEl('tspan', { class: 'host', 'xml:space': 'preserve' }, look.host)
    label.append(host)
  }
  row.dur = svgEl('text', { class: 'dur', x: big.durX, y: 15 }, look.dur)
  g.append(label, row.dur, svgEl('text', { class: `tag t-${look.tone}`, x: big.tagX, y: 15 }, look.tag))
  for (const bar of row.bars) {
    bar.el = barEl(bar, row, big)
    g.append(bar.el)
    onBar(bar)
  }
  row.el = g
  row.drawn = 0
  big.group.append(g)
}

/** Removes a row's elements (scrolled far off, or under a fold). */
export function unmountRow(row: Row): void {
  if (!row.el) return
  row.el.remove()
  row.el = undefined
  row.dur = null
  row.toggle = null
  for (const bar of row.bars) bar.el = undefined
  row.drawn = 0
}

function barEl(bar: Bar, row: Row, big: BigChart): El {
  const cls = bar.cls ?? 'bar done t-ok'
  const mid = 11 // half a row, as the server draws
  if (bar.mark) return svgEl('path', { class: cls, d: `M0 ${mid - 6}l6 6l-6 6l-6 -6z`, tabindex: -1, role: 'button' })
  const h = row.kind === 'implied' ? big.thin : big.bar
  return svgEl('rect', { class: cls, y: mid - h / 2, height: h, width: 1, tabindex: -1, role: 'button' })
}
