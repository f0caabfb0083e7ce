// The tooltip of a bar or a gap, on hover and on keyboard focus: the same lines as the SVG's titles,
// set as text (never as HTML).

import { barLines } from '../bar-lines.ts'
import { gapText } from '../gap-text.ts'
import { type El, doc, win } from './dom.ts'
import type { Bar, Chart, Gap } from './gantt-model.ts'

export interface Tooltip {
  showBar(bar: Bar): void
  showGap(gap: Gap, chart: Chart, clientX: number, clientY: number): void
  hide(): void
}

export function makeTooltip(tip: El): Tooltip {
  tip.setAttribute('aria-live', 'polite')

  function show(lines: string[], box: { left: number; top: number; bottom: number }): void {
    const [first = '', ...rest] = lines
    const head = doc().createElement('div')
    head.classList.add('first')
    head.textContent = first
    tip.replaceChildren(head, rest.join('\n'))
    tip.hidden = false
    const w = win()
    const width = tip.getBoundingClientRect().width
    const left = Math.max(4, Math.min(box.left, w.innerWidth - width - 12))
    tip.style.left = `${Math.round(left + w.scrollX)}px`
    tip.style.top = `${Math.round(box.bottom + w.scrollY + 6)}px`
  }

  return {
    showBar(bar) {
      const el = bar.el
      if (!el) return
      const lines = barLines({
        name: bar.row.name,
        host: bar.row.host,
        kind: bar.row.kind,
        attempts: bar.row.kind === 'implied' ? 0 : bar.row.bars.length,
        attempt: bar.attempt,
        state: bar.state,
        start: bar.start,
        end: bar.end,
        status: bar.status,
        message: bar.message,
        attrs: bar.attrs,
      })
      const box = el.getBoundingClientRect()
      show(lines, box)
      el.setAttribute('aria-describedby', 'tip')
    },
    showGap(gap, chart, clientX, clientY) {
      show([gapText(gap, chart.start)], { left: clientX + 8, top: clientY, bottom: clientY + 8 })
    },
    hide() {
      tip.hidden = true
    },
  }
}
