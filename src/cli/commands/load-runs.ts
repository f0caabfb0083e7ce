// What compare and history read: a context's timelines, newest first, through the same reader as ls and gantt.

import type { Timeline, TimelineSummary } from '../../core/types.ts'
import { CliError } from '../errors.ts'
import type { Reader } from '../reader.ts'

/** The most timelines the collector's API gives in one answer (api-routes.ts maxPageLimit). */
const maxPageLimit = 1_000

/** Newest first, at most `limit` (1,000 at most); a CliError for an unknown context. */
export async function listRuns(reader: Reader, context: string, limit?: number): Promise<TimelineSummary[]> {
  const list = await reader.timelines(context, Math.min(limit ?? maxPageLimit, maxPageLimit))
  if (list === undefined) throw new CliError(`no context "${context}" (upto ls lists the contexts)`)
  return list
}

export async function loadRun(reader: Reader, context: string, id: string): Promise<Timeline> {
  const timeline = await reader.timeline(context, id)
  if (timeline === undefined) throw new CliError(`no timeline "${id}" in context "${context}" (upto ls ${context} lists its timelines)`)
  return timeline
}

export function loadRuns(reader: Reader, context: string, ids: readonly string[]): Promise<Timeline[]> {
  return Promise.all(ids.map((id) => loadRun(reader, context, id)))
}

export function positiveInteger(value: string, option: string): number {
  const n = Number(value)
  if (!/^\d+$/.test(value.trim()) || !Number.isInteger(n) || n < 1) {
    throw new CliError(`invalid ${option} "${value}": expected a positive whole number`, 2)
  }
  return n
}
