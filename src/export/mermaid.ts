// A timeline as a Mermaid `gantt` block for Markdown summaries (GitHub renders it): one section per top-level
// step, one task per step and host, `crit` on the critical path, `active` while running, marks as milestones.
// Times are Unix milliseconds (`dateFormat x`). Mermaid's own syntax characters are taken out of labels.

import { criticalPath } from '../core/critical-path.ts'
import { isFailure } from '../core/status.ts'
import type { Millis, Row, Timeline } from '../core/types.ts'
import { untilOf } from './timeline-end.ts'

export function mermaidGantt(timeline: Timeline, now: Millis): string {
  const until = untilOf(timeline, now)
  const critical = new Set(criticalPath(timeline, { now }).rows)
  const lines = ['gantt', `  title ${text(`${timeline.context} / ${timeline.id}`)}`, '  dateFormat x', '  axisFormat %H:%M:%S']
  let section: string | undefined
  let n = 0
  timeline.rows.forEach((row, index) => {
    if (row.kind === 'implied') return
    const root = row.name.split('.')[0]!
    if (root !== section) {
      section = root
      lines.push(`  section ${text(root)}`)
    }
    n += 1
    const start = Math.round(row.start)
    const end = Math.max(start, Math.round(row.end ?? until))
    const tags = [
      ...(critical.has(index) ? ['crit'] : []),
      row.kind === 'mark' ? 'milestone' : row.end === undefined ? 'active' : 'done',
    ]
    lines.push(`  ${taskLabel(row, root)} :${tags.join(', ')}, s${n}, ${start}, ${row.kind === 'mark' ? start : end}`)
  })
  return `${lines.join('\n')}\n`
}

function taskLabel(row: Row, root: string): string {
  const name = row.name === root ? root : row.name.slice(root.length + 1)
  const host = row.host ? ` @${row.host}` : ''
  const failed = isFailure(row.status) ? ' ✗' : ''
  return text(`${name}${host}${failed}`)
}

/** No colon, semicolon, hash or line break: they end a Mermaid label or statement. */
function text(value: string): string {
  return value.replace(/[:;#\r\n]+/g, ' ').trim() || '-'
}
