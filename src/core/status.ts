// Status words: any word is allowed; these are the ones every view reads as a failure or a success.

const failures = new Set([
  'error', 'err', 'failed', 'failure', 'fail', 'fatal', 'crashed', 'aborted', 'timeout', 'timedout', 'timed_out',
])
const successes = new Set(['ok', 'success', 'succeeded', 'passed', 'pass', 'done', 'finished', 'completed'])

export function isFailure(status: string): boolean {
  return status !== 'ok' && failures.has(status.toLowerCase())
}

export function isSuccess(status: string): boolean {
  return status === 'ok' || successes.has(status.toLowerCase())
}
