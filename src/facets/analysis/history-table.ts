// `upto history`: per step over the last runs, under its full dotted name: runs it ran in, p50 and p90 over the
// successful runs, last (flagged above p90, or failed), a sparkline of its durations oldest to newest (× where it
// failed), and how often it failed and was retried — the columns of the history page.

import { formatDuration } from '../../core/format.ts'
import type { History, StepHistory } from './model/step-history.ts'
import type { Millis } from '../../core/types.ts'
import { sparkline } from './sparkline.ts'
import { renderTable, type Cell, type Column } from '../../render/table.ts'
import { clean } from '../../render/terminal-text.ts'
import { makeTheme } from '../../render/terminal-theme.ts'

export interface HistoryViewOptions {
  color: boolean
  width: number
}

const COLUMNS: Column[] = [
  { title: 'STEP', flex: true },
  { title: 'RUNS', align: 'right' },
  { title: 'P50', align: 'right' },
  { title: 'P90', align: 'right' },
  { title: 'LAST', align: 'right' },
  { title: '' },
  { title: 'TREND' },
  { title: 'FAILED', align: 'right' },
  { title: 'RETRIED', align: 'right' },
]

export function renderHistory(history: History, options: HistoryViewOptions): string[] {
  const theme = makeTheme(options.color)
  if (history.runs.length === 0) return ['no finished runs yet']
  const rows = [line('(total)', history.total), ...history.steps.map((s) => line(clean(s.name), s))]
  const lines = renderTable(COLUMNS, rows, Math.max(20, Math.floor(options.width)), theme).lines.map((l) => l.trimEnd())
  const failed = history.failed.filter(Boolean).length
  if (failed > 0) lines.push('', theme.ink('dim', `${failed} of ${history.runs.length} runs failed (× in TREND): left out of p50 and p90 (they stopped early), counted under FAILED`))
  return lines
}

function line(label: string, s: StepHistory): Cell[] {
  const flag: Cell = s.lastFailed ? { text: '✗ failed', ink: 'error' } : s.slow ? { text: '▲ above p90', ink: 'error' } : { text: '' }
  return [
    { text: label },
    { text: String(s.ran) },
    { text: ms(s.p50) },
    { text: ms(s.p90) },
    s.slow || s.lastFailed ? { text: ms(s.last), ink: 'error' } : { text: ms(s.last) },
    flag,
    { text: sparkline(s.values, s.failedIn), ink: 'other' },
    s.failures > 0 ? { text: rate(s.failures, s.ran), ink: 'error' } : { text: '0' },
    { text: rate(s.retries, s.ran) },
  ]
}

/** `1 of 20 (5%)`, `0`. */
export function rate(count: number, of: number): string {
  return count === 0 ? '0' : `${count} of ${of} (${Math.round((count / of) * 100)}%)`
}

function ms(value: Millis | undefined): string {
  return value === undefined ? '-' : formatDuration(value)
}
