// A timeline as a Mermaid `gantt` block for Markdown summaries (GitHub renders it): one section per top-level
// step, one bar per attempt of each step and host, marks as milestones. A failed attempt is `crit` (red), the
// critical path `crit, done` (grey with a red edge), a running step `active`. Times are Unix milliseconds
// (`dateFormat x`). Names go in as themselves: Mermaid's syntax characters (`:`, `;`, `#`, `%`) as its entity
// codes (`#58;`), and a name that begins like a keyword (`click`, `title`…) with its first letter as one.
// Mermaid refuses a diagram over 50,000 characters (its maxTextSize): a bigger timeline is cut to its top levels,
// and its title says so.

import { criticalPath } from '../../core/critical-path.ts'
import { isFailure } from '../../core/status.ts'
import type { Millis, Row, Timeline } from '../../core/types.ts'
import { untilOf } from './timeline-end.ts'

/** Mermaid's default maxTextSize. */
export const MERMAID_MAX_TEXT = 50_000

export function mermaidGantt(timeline: Timeline, now: Millis, maxText = MERMAID_MAX_TEXT): string {
  const until = untilOf(timeline, now)
  const critical = new Set(criticalPath(timeline, { now }).rows)
  const deepest = timeline.rows.reduce((d, r) => Math.max(d, r.depth), 0)
  const steps = timeline.rows.filter((r) => r.kind !== 'implied').length
  for (let depth = deepest; ; depth--) {
    const cut = depth < deepest
    const title = `${timeline.context} / ${timeline.id}${cut ? ` (cut to ${depth + 1} level${depth === 0 ? '' : 's'} of ${deepest + 1}, ${steps} steps: too big for Mermaid)` : ''}`
    const text = gantt(timeline, title, until, critical, depth)
    if (text.length <= maxText || depth === 0) return text.length <= maxText ? text : firstLines(text, maxText)
  }
}

function gantt(timeline: Timeline, title: string, until: Millis, critical: ReadonlySet<number>, maxDepth: number): string {
  const lines = ['gantt', `  title ${text(title)}`, '  dateFormat x', '  axisFormat %H:%M:%S']
  let section: string | undefined
  let n = 0
  timeline.rows.forEach((row, index) => {
    if (row.depth > maxDepth) return
    // an implied row is drawn only where its steps are cut away
    if (row.kind === 'implied' && row.depth < maxDepth) return
    const root = row.name.split('.')[0]!
    if (root !== section) {
      section = root
      lines.push(`  section ${text(root)}`)
    }
    const onPath = critical.has(index)
    if (row.kind === 'mark') {
      const at = Math.round(row.start)
      lines.push(`  ${text(taskName(row, root))} :milestone, m${++n}, ${at}, ${at}`)
      return
    }
    const attempts = row.attempts.length > 0 ? row.attempts : [{ attempt: 0, start: row.start, end: row.end, status: row.status }]
    attempts.forEach((a, i) => {
      const start = Math.round(a.start ?? a.end ?? row.start)
      const next = row.attempts[i + 1]?.start
      const end = Math.max(start, Math.round(a.end ?? (next !== undefined ? next : until)))
      const failed = isFailure(a.status)
      const running = a.end === undefined && i === attempts.length - 1 && row.end === undefined
      const tags = failed ? ['crit'] : running ? ['active'] : onPath ? ['crit', 'done'] : ['done']
      const label = `${taskName(row, root)}${attempts.length > 1 ? ` (attempt ${a.attempt})` : ''}${failed ? ' ✗' : ''}`
      lines.push(`  ${text(label)} :${tags.join(', ')}, s${++n}, ${start}, ${end}`)
    })
  })
  return `${lines.join('\n')}\n`
}

/** The lines of `text` that fit in `max` characters, with a last comment saying the rest is left out. */
function firstLines(text: string, max: number): string {
  const note = '  %% the rest is left out: too big for Mermaid\n'
  const lines = text.split('\n')
  let out = ''
  for (const line of lines) {
    if (out.length + line.length + 1 + note.length > max) break
    out += `${line}\n`
  }
  return out + note
}

function taskName(row: Row, root: string): string {
  const name = row.name === root ? root : row.name.slice(root.length + 1)
  return row.host ? `${name} @${row.host}` : name
}

/** Words a line of a gantt block may begin with: a label beginning so would be read as that statement. */
const KEYWORDS = /^(?:accDescr|accTitle|axisFormat|click|dateFormat|displayMode|excludes|gantt|includes|inclusiveEndDates|section|tickInterval|title|todayMarker|topAxis|vert|weekday|weekend)/i

/** A label as Mermaid shows it: syntax characters as entity codes, line breaks as spaces, never a keyword. */
function text(value: string): string {
  const plain = value.replace(/[\r\n]+/g, ' ').trim() || '-'
  const escaped = plain.replace(/[#:;%]/g, (c) => `#${c.charCodeAt(0)};`)
  return KEYWORDS.test(escaped) ? `#${escaped.charCodeAt(0)};${escaped.slice(1)}` : escaped
}
