// UDP retries and duplication: a message that arrives twice counts once.

import { compareMessages } from './message-order.ts'
import type { Stored } from './types.ts'

/**
 * The messages in canonical order (see compareMessages), each counted once. A message is a duplicate of an
 * earlier one when both have the same (kind, name, host, id), or the same (kind, name, host, time).
 * The kind is part of the id key so that a sender reusing one id for a start and its end loses nothing.
 * The answer may be `messages` itself, when they were in order and held no duplicate.
 */
export function dedupe(messages: readonly Stored[]): readonly Stored[] {
  const sorted = inOrder(messages) ? messages : [...messages].sort(compareMessages)
  return sorted.length <= 8 ? dedupeFew(sorted) : dedupeMany(sorted)
}

/** Messages mostly arrive in order: checking is cheaper than sorting a copy. */
function inOrder(messages: readonly Stored[]): boolean {
  for (let i = 1; i < messages.length; i++) if (compareMessages(messages[i - 1]!, messages[i]!) > 0) return false
  return true
}

/** The same, by comparing with every message kept: for the few messages of one key, cheaper than keys. */
function dedupeFew(sorted: readonly Stored[]): readonly Stored[] {
  let kept: Stored[] | undefined
  for (let i = 0; i < sorted.length; i++) {
    const m = sorted[i]!
    // no copy until the first duplicate: most keys have none
    const earlier = kept ?? sorted
    const until = kept === undefined ? i : kept.length
    let duplicate = false
    for (let j = 0; j < until && !duplicate; j++) {
      const k = earlier[j]!
      duplicate = k.kind === m.kind && k.name === m.name && k.host === m.host &&
        (k.time === m.time || (m.id !== undefined && k.id === m.id))
    }
    if (duplicate) kept ??= sorted.slice(0, i)
    else kept?.push(m)
  }
  return kept ?? sorted
}

function dedupeMany(sorted: readonly Stored[]): Stored[] {
  const seen = new Set<string>()
  const kept: Stored[] = []
  for (const m of sorted) {
    // name and host cannot hold control characters (validate.ts): '\0' separates the parts safely
    const byTime = `t\0${m.kind}\0${m.name}\0${m.host}\0${m.time}`
    const byId = m.id === undefined ? undefined : `i\0${m.kind}\0${m.name}\0${m.host}\0${m.id}`
    if (seen.has(byTime) || (byId !== undefined && seen.has(byId))) continue
    seen.add(byTime)
    if (byId !== undefined) seen.add(byId)
    kept.push(m)
  }
  return kept
}
