// `upto history`: per step over the last runs, count, p50, p90, last (flagged when above p90) and a sparkline
// of its durations, oldest to newest.

import { formatDuration } from '../core/format.ts'
import type { History, StepHistory } from '../core/step-history.ts'
import type { Millis } from '../core/types.ts'
import { sparkline } from './sparkline.ts'
import { renderTable, type Cell, type Column } from './table.ts'
import { clean } from './terminal-text.ts'
import { makeTheme } from './terminal-theme.ts'

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
]

export function renderHistory(history: History, options: HistoryViewOptions): string[] {
  const theme = makeTheme(options.color)
  if (history.runs.length === 0) return ['no finished runs yet']
  const rows = [line('(total)', history.total), ...history.steps.map((s) => line(`${'  '.repeat(s.depth)}${clean(s.name.slice(s.name.lastIndexOf('.') + 1))}`, s))]
  return renderTable(COLUMNS, rows, Math.max(20, Math.floor(options.width)), theme).lines
}

function line(label: string, s: StepHistory): Cell[] {
  return [
    { text: label },
    { text: String(s.count) },
    { text: ms(s.p50) },
    { text: ms(s.p90) },
    s.slow ? { text: ms(s.last), ink: 'error' } : { text: ms(s.last) },
    s.slow ? { text: '▲ above p90', ink: 'error' } : { text: '' },
    { text: sparkline(s.values), ink: 'other' },
  ]
}

function ms(value: Millis | undefined): string {
  return value === undefined ? '-' : formatDuration(value)
}
