// UDP retries and duplication: a message that arrives twice counts once.

import { compareMessages } from './message-order.ts'
import type { Stored } from './types.ts'

/**
 * The messages in canonical order (see compareMessages), each counted once. A message is a duplicate of an
 * earlier one when both have the same (kind, name, host, id), or the same (kind, name, host, time).
 * The kind is part of the id key so that a sender reusing one id for a start and its end loses nothing.
 */
export function dedupe(messages: readonly Stored[]): Stored[] {
  const seen = new Set<string>()
  const kept: Stored[] = []
  for (const m of [...messages].sort(compareMessages)) {
    const byTime = JSON.stringify(['time', m.kind, m.name, m.host, m.time])
    const byId = m.id === undefined ? undefined : JSON.stringify(['id', m.kind, m.name, m.host, m.id])
    if (seen.has(byTime) || (byId !== undefined && seen.has(byId))) continue
    seen.add(byTime)
    if (byId !== undefined) seen.add(byId)
    kept.push(m)
  }
  return kept
}
