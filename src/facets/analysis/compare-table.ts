// `upto compare`: a table of steps in two runs under their full dotted names, most added to the total first,
// then waiting, the totals and the verdict. Additions are red, savings green; USUAL says where the newer run's
// duration falls among the successful runs before it (`within p10–p90`, `6× its p90`).

import { changeNotes, signed, type Comparison } from './model/compare.ts'
import { formatDuration } from '../../core/format.ts'
import type { Millis } from '../../core/types.ts'
import { renderTable, type Cell, type Column } from '../../render/table.ts'
import { clean, truncate } from '../../render/terminal-text.ts'
import { makeTheme } from '../../render/terminal-theme.ts'

export interface CompareViewOptions {
  color: boolean
  width: number
  /** Steps shown (most added first); the rest are counted. Default: all. */
  limit?: number
}

export function renderComparison(c: Comparison, options: CompareViewOptions): string[] {
  const theme = makeTheme(options.color)
  const width = Math.max(20, Math.floor(options.width))
  const columns: Column[] = [
    { title: 'STEP', flex: true },
    { title: truncate(clean(c.a.label), 24), align: 'right' },
    { title: truncate(clean(c.b.label), 24), align: 'right' },
    { title: 'CHANGE', align: 'right' },
    { title: 'USUAL' },
    { title: 'ON PATH', align: 'right' },
    { title: 'NOTES', flex: true },
  ]
  const shown = options.limit === undefined ? c.steps : c.steps.slice(0, options.limit)
  const rows: Cell[][] = shown.map((s) => [
    { text: clean(s.name) },
    { text: duration(s.a?.duration, s.a !== undefined) },
    { text: duration(s.b?.duration, s.b !== undefined) },
    { text: s.delta === undefined ? '-' : signed(s.delta) },
    usual(s),
    added(s.added),
    { text: clean(changeNotes(s).join(', ')), ink: 'dim' },
  ])
  rows.push(
    [{ text: '(waiting)', ink: 'dim' }, { text: formatDuration(c.a.waiting) }, { text: formatDuration(c.b.waiting) }, { text: signed(c.waitingAdded) }, { text: '' }, added(c.waitingAdded), { text: '' }],
    [{ text: 'total' }, { text: duration(c.a.total, true) }, { text: duration(c.b.total, true) }, { text: c.delta === undefined ? '-' : signed(c.delta) }, usual(c), { text: '' }, { text: '' }],
  )
  const lines = renderTable(columns, rows, width, theme).lines.map((line) => line.trimEnd())
  const hidden = c.steps.length - shown.length
  if (hidden > 0) lines.push(theme.ink('dim', truncate(`… ${hidden} more steps (--limit to show them)`, width)))
  if (c.leftOut.length > 0) lines.push(theme.ink('dim', truncate(clean(`failed runs left out (they stopped early): ${c.leftOut.join(', ')}`), width)))
  return [...lines, '', theme.bold(truncate(clean(c.verdict), width))]
}

function duration(ms: Millis | undefined, present: boolean): string {
  if (!present) return '-'
  return ms === undefined ? 'running' : formatDuration(ms)
}

function usual(place: { usual?: string; beyond?: boolean }): Cell {
  if (place.usual === undefined) return { text: '' }
  return { text: place.usual, ink: place.beyond ? 'error' : 'dim' }
}

function added(ms: Millis): Cell {
  if (Math.abs(ms) < 0.5) return { text: '0' }
  return { text: signed(ms), ink: ms > 0 ? 'error' : 'ok' }
}
