// The colour family of a status word or attempt state: what every renderer paints by.

import { isFailure, isSuccess } from './status.ts'
import type { AttemptState } from './types.ts'

export type Tone = 'ok' | 'error' | 'running' | 'orphan' | 'abandoned' | 'other'

/** Error words win; then a running, abandoned or orphan state; then the status word itself. */
export function toneOf(status: string, state?: AttemptState): Tone {
  if (status === 'ok' && (state === undefined || state === 'done')) return 'ok' // the common case, without lowering
  if (isFailure(status)) return 'error'
  if (state === 'running' || state === 'abandoned' || state === 'orphan') return state
  // no end within the stale limit: grey, as an attempt that was given up
  if (state === 'stale' || status === 'stale') return 'abandoned'
  if (isSuccess(status)) return 'ok'
  if (status === 'running' || status === 'abandoned' || status === 'orphan') return status
  return 'other'
}
