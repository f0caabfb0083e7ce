// `upto ls`: aligned tables of contexts, and of one context's timelines.

import { formatAgo, formatDuration, formatTime } from '../../core/format.ts'
import { toneOf } from '../../core/layout-tone.ts'
import { outcomeNote } from '../../core/summary.ts'
import type { Millis, TimelineSummary } from '../../core/types.ts'
import { statusLabel } from './status-label.ts'
import { renderTable } from '../../render/table.ts'
import type { Cell, Column } from '../../render/table.ts'
import { clean, truncate } from '../../render/terminal-text.ts'
import { makeTheme } from '../../render/terminal-theme.ts'
import type { Theme } from '../../render/terminal-theme.ts'

export interface ListOptions {
  now: Millis
  color: boolean
  width: number
}

export interface ContextItem {
  name: string
  timelines: number
  newest?: TimelineSummary
}

const CONTEXT_COLUMNS: Column[] = [
  { title: 'CONTEXT', flex: true },
  { title: 'TIMELINES', align: 'right' },
  { title: 'NEWEST', flex: true },
  { title: 'STARTED' },
  { title: 'AT (UTC)' },
  { title: 'DURATION', align: 'right' },
  { title: 'STATUS' },
  { title: 'FAILED / RETRIED', flex: true },
]

const TIMELINE_COLUMNS: Column[] = [
  { title: 'ID', flex: true },
  { title: 'STARTED' },
  { title: 'AT (UTC)' },
  { title: 'DURATION', align: 'right' },
  { title: 'STATUS' },
  { title: 'EVENTS', align: 'right' },
  { title: 'FAILED / RETRIED', flex: true },
]

export function renderContextList(items: ContextItem[], options: ListOptions): string[] {
  const width = Math.max(1, Math.floor(options.width))
  if (items.length === 0) return [truncate('no contexts yet: send one with  upto start CTX STEP', width)]
  return fitted(CONTEXT_COLUMNS, width, options, (detail) =>
    items.map((item) => [
      { text: clean(item.name) },
      { text: String(item.timelines) },
      { text: item.newest ? clean(item.newest.id) : '-' },
      ...summaryCells(item.newest, options.now, detail),
      noteCell(item.newest, options.now),
    ]),
  )
}

export function renderTimelineList(context: string, items: TimelineSummary[], options: ListOptions): string[] {
  const width = Math.max(1, Math.floor(options.width))
  if (items.length === 0) {
    const name = clean(context)
    return [truncate(`no timelines in ${name} yet: send one with  upto start ${name} STEP`, width)]
  }
  return fitted(TIMELINE_COLUMNS, width, options, (detail) =>
    items.map((item) => [
      { text: clean(item.id) },
      ...summaryCells(item, options.now, detail),
      { text: String(item.events) },
      noteCell(item, options.now),
    ]),
  )
}

/** With the AT column of absolute start times when it fits, else relative times only. */
function fitted(columns: Column[], width: number, options: ListOptions, rows: (detail: boolean) => Cell[][]): string[] {
  const theme: Theme = makeTheme(options.color)
  const full = renderTable(columns, rows(true), width, theme)
  if (full.natural <= width) return full.lines
  const at = columns.findIndex((c) => c.title === 'AT (UTC)')
  return renderTable(columns.filter((_, i) => i !== at), rows(false), width, theme).lines
}

/** STARTED, AT (with detail), DURATION and STATUS of a timeline. */
function summaryCells(summary: TimelineSummary | undefined, now: Millis, detail: boolean): Cell[] {
  if (!summary) return [{ text: '-' }, ...(detail ? [{ text: '-' }] : []), { text: '-' }, { text: '-' }]
  const start = summary.start ?? summary.created
  const duration =
    summary.running && summary.start !== undefined
      ? now - summary.start
      : (summary.duration ?? (summary.end !== undefined && summary.start !== undefined ? summary.end - summary.start : undefined))
  const tone = summary.running ? 'running' : toneOf(summary.status)
  const status = summary.running ? 'running' : summary.status
  return [
    { text: formatAgo(start, now) },
    ...(detail ? [{ text: shortTime(start) }] : []),
    { text: duration === undefined ? '-' : formatDuration(duration) },
    { text: statusLabel(clean(status), tone), ink: status === 'empty' ? 'dim' : tone },
  ]
}

/** What failed (the first step named) and how many were retried, in red when something failed. */
function noteCell(summary: TimelineSummary | undefined, now: Millis): Cell {
  const note = summary ? outcomeNote(summary, now) : ''
  if (note === '') return { text: '-', ink: 'dim' }
  return summary!.errors > 0 ? { text: clean(note), ink: 'error' } : { text: clean(note) }
}

/** `2024-05-01 12:00:00Z`: the ISO time to the second, easier on the eye in a table. */
function shortTime(ms: Millis): string {
  return `${formatTime(ms).slice(0, 19).replace('T', ' ')}Z`
}
