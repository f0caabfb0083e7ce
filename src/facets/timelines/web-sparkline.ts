// Recent durations of a context as a tiny bar chart, oldest on the left, coloured by status.

import type { TimelineSummary } from '../../core/types.ts'
import { escapeHtml as esc } from '../../render/escape.ts'
import { colorOf, durationOf, durationText } from './web-cells.ts'

const BAR = 6
const STEP = 8
const HEIGHT = 22

/** `recent` newest first, as the store pages them. */
export function renderSparkline(recent: readonly TimelineSummary[]): string {
  if (recent.length === 0) return ''
  const items = [...recent].reverse()
  let max = 0
  for (const s of items) max = Math.max(max, durationOf(s) ?? 0)
  const width = items.length * STEP
  let svg = `<svg class="spark" width="${width}" height="${HEIGHT}" viewBox="0 0 ${width} ${HEIGHT}" role="img" aria-label="recent durations">`
  items.forEach((s, i) => {
    const d = durationOf(s) ?? 0
    const h = max > 0 ? Math.max(2, Math.round((d / max) * (HEIGHT - 2))) : 2
    const fill = colorOf(s)
    svg +=
      `<rect x="${i * STEP}" y="${HEIGHT - h}" width="${BAR}" height="${h}" rx="1" fill="${fill}">` +
      `<title>${esc(`${s.id} · ${durationText(s)} · ${s.running ? 'running' : s.status}`)}</title></rect>`
  })
  return `${svg}</svg>`
}
