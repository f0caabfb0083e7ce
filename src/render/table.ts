// Aligned text tables for the terminal: columns sized to their content, flexible ones cut to fit the width.

import { textWidth, truncate } from './terminal-text.ts'
import type { Ink, Theme } from './terminal-theme.ts'

export interface Column {
  title: string
  align?: 'left' | 'right'
  /** Cut (with …), widest first, when the table is wider than the terminal. */
  flex?: boolean
}

export interface Cell {
  text: string
  ink?: Ink
}

const GAP = '  '

/** Header and rows, none wider than `width`; the width the table needed before cutting is returned too. */
export function renderTable(columns: Column[], rows: Cell[][], width: number, theme: Theme): { lines: string[]; natural: number } {
  const widths = columns.map((c) => textWidth(c.title))
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, textWidth(cell.text))))
  const natural = widths.reduce((a, b) => a + b, 0) + GAP.length * (columns.length - 1)
  const mins = columns.map((c, i) => (c.flex ? Math.min(widths[i] ?? 0, Math.max(6, textWidth(c.title))) : Infinity))
  for (let excess = natural - width; excess > 0; excess--) {
    let widest = -1
    widths.forEach((w, i) => {
      if (w > (mins[i] ?? Infinity) && (widest < 0 || w > (widths[widest] ?? 0))) widest = i
    })
    if (widest < 0) break
    widths[widest] = (widths[widest] ?? 0) - 1
  }
  const line = (cells: Cell[], header: boolean): string => {
    const plain: string[] = []
    const painted: string[] = []
    columns.forEach((c, i) => {
      const w = widths[i] ?? 0
      const text = truncate(cells[i]?.text ?? '', w)
      const pad = ' '.repeat(Math.max(0, w - textWidth(text)))
      const last = i === columns.length - 1
      const ink = header ? 'dim' : cells[i]?.ink
      const shown = ink ? theme.ink(ink, text) : text
      plain.push(c.align === 'right' ? pad + text : last ? text : text + pad)
      painted.push(c.align === 'right' ? pad + shown : last ? shown : shown + pad)
    })
    const flat = plain.join(GAP)
    return textWidth(flat) > width ? truncate(flat, width) : painted.join(GAP)
  }
  return { lines: [line(columns.map((c) => ({ text: c.title })), true), ...rows.map((r) => line(r, false))], natural }
}
