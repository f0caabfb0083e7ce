// What went wrong, after the chart, as a test runner sums it up: each failed attempt's name, host, attempt,
// status, exit code and the first lines of its message; with `details`, every step's attrs too.

import { toneOf } from '../../core/layout-tone.ts'
import type { Attempt, Row, Timeline } from '../../core/types.ts'
import { clean, truncate } from '../../render/terminal-text.ts'
import type { Theme } from '../../render/terminal-theme.ts'

const MESSAGE_LINES = 5

export function failureLines(timeline: Timeline, width: number, theme: Theme, details = false): string[] {
  const failures: string[] = []
  const attrs: string[] = []
  for (const row of timeline.rows) {
    if (row.kind === 'implied') continue
    for (const a of row.attempts) {
      if (toneOf(a.status, a.state) === 'error') failures.push(...failure(row, a, width, theme))
      if (details && Object.keys(a.attrs).length > 0) attrs.push(attrLine(row, a, width, theme))
    }
  }
  const out: string[] = []
  if (failures.length > 0) out.push('', theme.ink('error', theme.bold(truncate('failures', width))), ...failures)
  if (attrs.length > 0) out.push('', theme.bold(truncate('details', width)), ...attrs)
  return out
}

function failure(row: Row, a: Attempt, width: number, theme: Theme): string[] {
  const of = row.attempts.length
  const retried = of > 1 ? `attempt ${a.attempt} of ${of}${laterPass(row, a) ? ', passed later' : ''}` : ''
  const exit = a.attrs.exit === undefined ? '' : `exit=${clean(a.attrs.exit)}`
  const facts = [clean(a.status), retried, exit].filter((fact) => fact !== '').join('  ')
  const head = truncate(`  ✗ ${label(row)}  ${facts}`, width)
  const lines = [theme.ink('error', head)]
  const message = a.message?.split(/\r?\n/).filter((line) => line.trim() !== '') ?? []
  for (const line of message.slice(0, MESSAGE_LINES)) lines.push(truncate(`      ${clean(line)}`, width))
  if (message.length > MESSAGE_LINES) {
    lines.push(theme.ink('dim', truncate(`      … ${message.length - MESSAGE_LINES} more lines`, width)))
  }
  return lines
}

function attrLine(row: Row, a: Attempt, width: number, theme: Theme): string {
  const which = row.attempts.length > 1 ? `  attempt ${a.attempt}` : ''
  const pairs = Object.entries(a.attrs).map(([key, value]) => `${clean(key)}=${clean(value)}`).join(' ')
  return truncate(`  ${label(row)}${which}  ${pairs}`, width)
}

function label(row: Row): string {
  return clean(row.host ? `${row.name} @${row.host}` : row.name)
}

function laterPass(row: Row, a: Attempt): boolean {
  return row.attempts.some((later) => later.attempt > a.attempt && toneOf(later.status, later.state) === 'ok')
}
