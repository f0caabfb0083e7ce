// One line under the chart that says what its marks mean: only those it uses, so colour is never needed to
// tell a failed attempt (▓) from a passing one (█).

import { toneOf } from '../../core/layout-tone.ts'
import type { Timeline } from '../../core/types.ts'
import { truncate } from '../../render/terminal-text.ts'
import type { Theme } from '../../render/terminal-theme.ts'

const KEYS = [
  ['done', '█ done'],
  ['failed', '▓ failed'],
  ['running', '▒▶ running'],
  ['abandoned', '░ abandoned'],
  ['stale', '┄» no end within the stale limit'],
  ['orphan', '┤ end, no start'],
  ['implied', '━ span of its steps'],
  ['mark', '◆ mark'],
  ['retried', '×N attempts'],
] as const

type Key = (typeof KEYS)[number][0]

export function legendLine(timeline: Timeline, width: number, theme: Theme): string | undefined {
  const used = new Set<Key>()
  for (const row of timeline.rows) {
    if (row.kind === 'implied') used.add('implied')
    else if (row.kind === 'mark') used.add('mark')
    if (row.kind !== 'mark' && row.attempts.length > 1) used.add('retried')
    for (const a of row.attempts) {
      if (row.kind === 'mark') continue
      const tone = toneOf(a.status, a.state)
      used.add(tone === 'error' ? 'failed' : a.state === 'done' ? 'done' : a.state)
    }
  }
  if (used.size === 0) return undefined
  const text = KEYS.filter(([key]) => used.has(key)).map(([, words]) => words).join('  ')
  return theme.ink('dim', truncate(text, width))
}
