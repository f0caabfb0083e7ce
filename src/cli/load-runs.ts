// What compare and history read: a context's timelines, newest first, through the same reader as ls and gantt.

import type { RunRef } from '../core/pick-runs.ts'
import type { Timeline, TimelineSummary } from '../core/types.ts'
import { CliError, usageError } from './errors.ts'
import { missingRun } from './missing-run.ts'
import type { Reader } from './reader.ts'

/** The most timelines the collector's API gives in one answer (api-routes.ts maxPageLimit). */
const maxPageLimit = 1_000

/** Newest first, at most `limit` (1,000 at most); a CliError for an unknown context, with the closest names. */
export async function listRuns(reader: Reader, context: string, limit?: number): Promise<TimelineSummary[]> {
  const list = await reader.timelines(context, Math.min(limit ?? maxPageLimit, maxPageLimit))
  if (list === undefined) throw await missingRun(reader, context, 'latest')
  return list
}

/** A timeline; a CliError naming the closest names when it is not there. */
export async function loadRun(reader: Reader, context: string, id: string): Promise<Timeline> {
  const timeline = await reader.timeline(context, id)
  if (timeline !== undefined) return timeline
  throw await missingRun(reader, context, id)
}

export function loadRuns(reader: Reader, context: string, ids: readonly string[]): Promise<Timeline[]> {
  return Promise.all(ids.map((id) => loadRun(reader, context, id)))
}

/** What picking runs needs of a summary: a run that finished with a failed step is no yardstick. */
export function runRef(s: TimelineSummary): RunRef {
  return { id: s.id, running: s.running, failed: s.status === 'error' }
}

export function positiveInteger(value: string, option: string): number {
  const n = Number(value)
  if (!/^\d+$/.test(value.trim()) || !Number.isInteger(n) || n < 1) {
    throw usageError(`invalid ${option} "${value}": expected a positive whole number`)
  }
  return n
}
