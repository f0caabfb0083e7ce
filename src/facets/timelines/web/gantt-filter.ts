// The filter of the rows: words matched against each row's name, host and statuses (`host:web1`,
// `name:db`, `status:error` to look in one of them), and "failures only". A row shows when it matches, and
// so do its ancestors, to keep it in its tree; while a filter is on, folds are set aside, so that nothing
// that matches stays hidden. One pass over the rows per change: the 200,000 of a huge chart take milliseconds.

import { isFailure } from '../../../core/status.ts'
import type { Bar, Row } from './gantt-model.ts'
import { parentName } from './gantt-model.ts'

export interface RowFilter {
  words: { field: 'name' | 'host' | 'status' | undefined; text: string }[]
  failuresOnly: boolean
}

/** A failed attempt: its status is a failure word. Implied spans are no attempt. */
export function isFailedBar(bar: Bar): boolean {
  return bar.row.kind !== 'implied' && isFailure(bar.status)
}

/** `undefined` when there is nothing to filter by. */
export function parseFilter(text: string, failuresOnly: boolean): RowFilter | undefined {
  const words: RowFilter['words'] = []
  for (const word of text.toLowerCase().split(/\s+/)) {
    if (word === '') continue
    const m = /^(name|host|status):(.*)$/.exec(word)
    if (m) {
      if (m[2] !== '') words.push({ field: m[1] as 'name' | 'host' | 'status', text: m[2]! })
    } else words.push({ field: undefined, text: word })
  }
  return words.length === 0 && !failuresOnly ? undefined : { words, failuresOnly }
}

/** The rows the filter shows, in chart order: those that match, and their ancestors. */
export function filteredRows(rows: readonly Row[], filter: RowFilter): Set<Row> {
  const matched: Row[] = []
  const ancestors = new Set<string>()
  for (const row of rows) {
    if (!matches(row, filter)) continue
    matched.push(row)
    for (let p = parentName(row.name); p !== '' && !ancestors.has(p); p = parentName(p)) ancestors.add(p)
  }
  const shown = new Set<Row>()
  if (ancestors.size === 0) {
    for (const row of matched) shown.add(row)
    return shown
  }
  const wanted = new Set(matched)
  for (const row of rows) if (wanted.has(row) || ancestors.has(row.name)) shown.add(row)
  return shown
}

function matches(row: Row, filter: RowFilter): boolean {
  if (filter.failuresOnly && !row.bars.some(isFailedBar)) return false
  if (filter.words.length === 0) return true
  const name = row.name.toLowerCase()
  const host = row.host.toLowerCase()
  let statuses: string | undefined
  for (const { field, text } of filter.words) {
    const inName = field !== 'host' && field !== 'status' && name.includes(text)
    const inHost = !inName && field !== 'name' && field !== 'status' && host.includes(text)
    if (inName || inHost) continue
    if (field === 'name' || field === 'host') return false
    statuses ??= row.bars.map((b) => b.status.toLowerCase()).join('\n')
    if (!statuses.includes(text)) return false
  }
  return true
}
