// A total order on stored messages that ignores arrival order, so every derived view is deterministic.

import type { Stored } from './types.ts'

/** Event time, then receive time, then content: two messages compare equal only if they are identical. */
export function compareMessages(a: Stored, b: Stored): number {
  return a.time - b.time || a.received - b.received || compareText(contentKey(a), contentKey(b))
}

export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

// Only reached on a tie of both times, which is rare: no need to cache it.
function contentKey(m: Stored): string {
  const attrs = Object.entries(m.attrs ?? {}).sort(([x], [y]) => compareText(x, y))
  return JSON.stringify([
    m.kind, m.name, m.host, m.id ?? null, m.status ?? null, m.message ?? null, attrs, m.context, m.timeline,
  ])
}
