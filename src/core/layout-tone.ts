// The colour family of a status word or attempt state: what every renderer paints by.

import type { AttemptState } from './types.ts'

export type Tone = 'ok' | 'error' | 'running' | 'orphan' | 'abandoned' | 'other'

const OK = new Set(['ok', 'success', 'succeeded', 'passed', 'pass', 'done', 'finished', 'completed'])
const ERROR = new Set([
  'error', 'err', 'failed', 'failure', 'fail', 'fatal', 'crashed', 'aborted', 'timeout', 'timedout', 'timed_out',
])

/** Error words win; then a running, abandoned or orphan state; then the status word itself. */
export function toneOf(status: string, state?: AttemptState): Tone {
  if (status === 'ok' && (state === undefined || state === 'done')) return 'ok' // the common case, without lowering
  const word = status.toLowerCase()
  if (ERROR.has(word)) return 'error'
  if (state === 'running' || state === 'abandoned' || state === 'orphan') return state
  if (OK.has(word)) return 'ok'
  if (word === 'running' || word === 'abandoned' || word === 'orphan') return word
  return 'other'
}
