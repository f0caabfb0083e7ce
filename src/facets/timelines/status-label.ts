// Words and symbols for a status: `ok ✓`, `error ✗`, `running…`.

import { toneOf } from '../../core/layout-tone.ts'
import type { Tone } from '../../core/layout-tone.ts'
import type { Row } from '../../core/types.ts'

/** `ok ✓`, `failed ✗`, `running…`, or the word itself; `terse` leaves a plain `ok` as `✓`. */
export function statusLabel(status: string, tone: Tone, terse = false): string {
  switch (tone) {
    case 'ok':
      return terse && status === 'ok' ? '✓' : `${status} ✓`
    case 'error':
      return `${status} ✗`
    case 'running':
      return 'running…'
    default:
      return status
  }
}

/** The tag after a row's duration: `✓`, `error ✗ ×2`, `◆ processing`. */
export function rowTag(status: string, tone: Tone, kind: string, attempts: number): string {
  const word = kind === 'mark' ? (status === 'ok' ? '◆' : `◆ ${status}`) : statusLabel(status, tone, true)
  return kind !== 'mark' && attempts > 1 ? `${word} ×${attempts}` : word
}

/** The tag of a row before layout, to size columns. */
export function rowTagOf(row: Row): string {
  const last = row.attempts[row.attempts.length - 1]
  return rowTag(row.status, toneOf(row.status, last?.state), row.kind, row.attempts.length)
}
