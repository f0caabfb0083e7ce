// The words for a gap where nothing ran: its <title> in the SVG, its tooltip in the browser.

import { formatDuration } from '../../core/format.ts'
import { formatOffset } from '../../core/ticks.ts'
import type { Millis } from '../../core/types.ts'

/** `nothing ran for 12.0s (+30s to +42s)` */
export function gapText(gap: { start: Millis; end: Millis }, axisStart: Millis): string {
  const from = formatOffset(gap.start - axisStart)
  const to = formatOffset(gap.end - axisStart)
  return `nothing ran for ${formatDuration(gap.end - gap.start)} (+${from} to +${to})`
}

/** `idle 12.0s` over a gap wide enough for it, `12.0s` over a narrower one, nothing over a thin one. */
export function gapLabel(gap: { start: Millis; end: Millis }, widthPx: number): string | undefined {
  const text = formatDuration(gap.end - gap.start)
  if (widthPx >= (text.length + 6) * 7.2 + 8) return `idle ${text}`
  if (widthPx >= text.length * 7.2 + 6) return text
  return undefined
}
