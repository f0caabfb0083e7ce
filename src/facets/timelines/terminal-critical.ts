// The critical path on the terminal Gantt: a `*` between a row's name and its bars when the row is on the
// path, a `(waiting)` row drawing the gaps where no step ran (░) with their sum, and a line that adds it up:
// steps on the path + waiting = total.

import { criticalPath } from '../../core/critical-path.ts'
import { formatDuration } from '../../core/format.ts'
import type { GanttBar, GanttLayout, GanttRow } from '../../core/layout.ts'
import type { Millis, Timeline } from '../../core/types.ts'
import { truncate } from '../../render/terminal-text.ts'
import type { Theme } from '../../render/terminal-theme.ts'

export interface CriticalView {
  /** Indices of layout rows on the path. */
  marked: Set<number>
  /** The marker for them, one column wide. */
  mark: string
  /** The waiting row, when there was any waiting. */
  waiting?: GanttRow
  /** `critical path 1m30s + waiting 10.0s (2 gaps) = 1m40s   * on the path`, at most `width` columns. */
  summary(width: number): string
}

/** What the waiting row needs of a layout: where its axis starts, how long it is and how wide. */
type ChartSpan = Pick<GanttLayout, 'start' | 'span' | 'width'>

export function criticalView(timeline: Timeline, layout: ChartSpan, now: Millis, theme: Theme): CriticalView {
  const path = criticalPath(timeline, { now })
  const gaps = path.gaps.length === 1 ? '1 gap' : `${path.gaps.length} gaps`
  const text = `critical path ${formatDuration(path.busy)} + waiting ${formatDuration(path.waiting)} (${gaps}) = ${formatDuration(path.total)}   * on the path`
  return {
    marked: new Set(path.rows),
    mark: theme.bold('*'),
    ...(path.gaps.length === 0 ? {} : { waiting: waitingRow(path.gaps, path.waiting, gaps, layout) }),
    summary: (width) => truncate(text, width),
  }
}

function waitingRow(gaps: { from: Millis; to: Millis }[], sum: Millis, count: string, layout: ChartSpan): GanttRow {
  const scale = layout.span > 0 ? layout.width / layout.span : 0
  const bars: GanttBar[] = gaps.map((gap) => ({
    from: (gap.from - layout.start) * scale, to: (gap.to - layout.start) * scale, start: gap.from, end: gap.to,
    point: false, state: 'abandoned', status: 'waiting', tone: 'abandoned', attempt: 0,
  }))
  const row = { name: '(waiting)', host: '', depth: 0, kind: 'span' as const, start: layout.start, status: count, attempts: [], children: [] }
  return {
    name: row.name, segment: row.name, label: row.name, depth: 0, host: '', kind: 'span', status: count, tone: 'abandoned',
    attempts: 0, duration: sum, durationText: formatDuration(sum), bars, row,
  }
}
