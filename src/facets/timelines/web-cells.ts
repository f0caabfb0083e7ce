// Table cells of a timeline summary, shared by the list pages.

import { formatAgo, formatDuration, formatTime } from '../../core/format.ts'
import { type Tone, toneOf } from '../../core/layout-tone.ts'
import { outcomeNote } from '../../core/summary.ts'
import type { Millis, TimelineSummary } from '../../core/types.ts'
import { escapeHtml as esc } from '../../render/escape.ts'
import { statusLabel } from './status-label.ts'
import { COLORS } from '../../render/web-colors.ts'
import { shortTime } from './web-gantt-page.ts'

export function toneOfSummary(s: TimelineSummary): Tone | 'empty' {
  return s.running ? 'running' : s.status === 'empty' ? 'empty' : toneOf(s.status)
}

/** The colour of a summary's status, for bars and sparklines. */
export function colorOf(s: TimelineSummary): string {
  const tone = toneOfSummary(s)
  return tone === 'empty' ? COLORS.implied : COLORS[tone]
}

export function statusCell(s: TimelineSummary, now?: Millis): string {
  const tone = toneOfSummary(s)
  if (tone === 'empty') return '<td><span class="status-empty">no events</span></td>'
  const note = outcomeNote(s, now)
  const noted = note === '' ? '' : ` <span class="${s.errors > 0 ? 'status-error' : 'note'}">${esc(note)}</span>`
  return `<td><span class="status-${tone}">${esc(statusLabel(s.running ? 'running' : s.status, tone))}</span>${noted}</td>`
}

export function startedCell(s: TimelineSummary, now: Millis, cls?: string): string {
  const at = s.start ?? s.created
  return `<td${cls === undefined ? '' : ` class="${cls}"`}><time datetime="${formatTime(at)}" title="${shortTime(at)}">${esc(formatAgo(at, now))}</time></td>`
}

export function durationOf(s: TimelineSummary): Millis | undefined {
  return s.duration ?? (s.end !== undefined && s.start !== undefined ? s.end - s.start : undefined)
}

export function durationText(s: TimelineSummary): string {
  const d = durationOf(s)
  return d === undefined ? '-' : formatDuration(d)
}
