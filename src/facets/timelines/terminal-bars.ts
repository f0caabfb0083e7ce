// The bar area of one terminal row: eighth blocks for sub-column precision; a failed attempt, a running one and an
// abandoned one each in a shade of their own (▓ ▒ ░), so they differ without colour; points as glyphs.

import type { GanttBar, GanttRow } from '../../core/layout.ts'
import { repeated, spaces } from '../../render/terminal-text.ts'
import type { Ink, Theme } from '../../render/terminal-theme.ts'

const LEFT = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉', '█']

export interface BarCanvas {
  /** Draw one row's bars into the canvas (clearing it first) and return the painted line, `width` columns. */
  row(row: GanttRow): string
}

export function makeBarCanvas(width: number, theme: Theme): BarCanvas {
  const chars: string[] = new Array<string>(width).fill(' ')
  const inks: (Ink | null)[] = new Array<Ink | null>(width).fill(null)
  let lo = width // the cells drawn on since the last row: only they are painted and reset
  let hi = -1

  const set = (col: number, ch: string, ink: Ink): void => {
    if (col < 0 || col >= width) return
    chars[col] = ch
    inks[col] = ink
    if (col < lo) lo = col
    if (col > hi) hi = col
  }

  const fill = (from: number, to: number, ch: string, ink: Ink, tip?: string): void => {
    const first = Math.min(width - 1, Math.floor(from))
    const last = Math.max(first, Math.min(width - 1, Math.ceil(to) - 1))
    for (let c = first; c <= last; c++) set(c, ch, ink)
    if (tip) set(last, tip, ink)
  }

  const blocks = (bar: GanttBar, ink: Ink): void => {
    let a = Math.round(bar.from * 8)
    let b = Math.round(bar.to * 8)
    b = Math.min(Math.max(b, a + 1), width * 8)
    a = Math.min(a, b - 1)
    for (let c = Math.floor(a / 8); c <= Math.floor((b - 1) / 8); c++) {
      const l = Math.max(a, c * 8) - c * 8
      const r = Math.min(b, c * 8 + 8) - c * 8
      set(c, glyph(l, r), ink)
    }
  }

  const draw = (row: GanttRow, bar: GanttBar): void => {
    if (bar.point) set(Math.min(width - 1, Math.floor(bar.from)), bar.state === 'orphan' ? '┤' : '◆', bar.tone)
    else if (row.kind === 'implied') fill(bar.from, bar.to, '━', 'dim')
    else if (bar.state === 'running') fill(bar.from, bar.to, '▒', 'running', '▶')
    else if (bar.state === 'abandoned') fill(bar.from, bar.to, '░', 'abandoned')
    // clipped at the last thing known: » says it goes on past what the chart shows
    else if (bar.state === 'stale') fill(bar.from, bar.to, '┄', 'abandoned', '»')
    else if (bar.tone === 'error') fill(bar.from, bar.to, '▓', 'error')
    else blocks(bar, bar.tone)
  }

  /** Cells [from, to) as runs of one glyph, each run one shared string. */
  const glyphs = (from: number, to: number): string => {
    let out = ''
    for (let c = from; c < to;) {
      const ch = chars[c]!
      let end = c + 1
      while (end < to && chars[end] === ch) end++
      out += end - c === 1 ? ch : repeated(ch, end - c)
      c = end
    }
    return out
  }

  return {
    row(row) {
      if (width <= 0) return ''
      for (const bar of row.bars) draw(row, bar)
      if (hi < 0) return spaces(width)
      let out = spaces(lo)
      // runs of one ink, each wrapped in its codes once
      for (let from = lo; from <= hi;) {
        const ink = inks[from] ?? null
        let to = from + 1
        while (to <= hi && (inks[to] ?? null) === ink) to++
        out += ink === null ? spaces(to - from) : theme.open[ink] + glyphs(from, to) + theme.close[ink]
        from = to
      }
      out += spaces(width - hi - 1)
      chars.fill(' ', lo, hi + 1)
      inks.fill(null, lo, hi + 1)
      lo = width
      hi = -1
      return out
    },
  }
}

/** One cell covered over eighths [l, r) of its width. */
function glyph(l: number, r: number): string {
  if (l === 0) return LEFT[r] ?? '█'
  if (r === 8) return l <= 2 ? '█' : l <= 5 ? '▐' : '▕'
  const w = r - l
  if (w >= 6) return '█'
  if ((l + r) / 2 < 4) return w >= 3 ? '▌' : '▏'
  return w >= 3 ? '▐' : '▕'
}
