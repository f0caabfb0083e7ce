// What every decoder does with its items once they are read: validate each, keep the good ones.

import { limits } from '../core/limits.ts'
import type { Decoded, Millis, RefusalReason } from '../core/types.ts'
import { type Candidate, checkEvent, isRefused } from '../core/validate.ts'

/** An item refused while decoding, before validation: not a map, a line that does not parse... */
export interface Unreadable {
  unreadable: RefusalReason
  detail: string
}

export type Item = Candidate | Unreadable

/** Validates items in order; the index of a refusal is the item's place in the batch. */
export function settle(items: readonly Item[], now: Millis, sender?: string): Decoded {
  const out: Decoded = { events: [], refused: [] }
  for (let index = 0; index < items.length; index++) {
    const item = items[index]!
    if ('unreadable' in item) {
      out.refused.push({ index, reason: item.unreadable, detail: item.detail })
      continue
    }
    const checked = checkEvent(item, now, sender)
    if (isRefused(checked)) out.refused.push({ index, reason: checked.reason, detail: checked.detail })
    else out.events.push(checked)
  }
  return out
}

/** The whole input refused at once: bytes that do not decode, too large, wrong media type. */
export function refuseAll(reason: RefusalReason, detail: string): Decoded {
  return { events: [], refused: [{ index: 0, reason, detail }] }
}

/** Refuses a batch over limits.batchItems, or undefined when it fits. */
export function batchTooLarge(count: number): Decoded | undefined {
  if (count <= limits.batchItems) return undefined
  return refuseAll('too_large', `batch has ${count} events: expected at most ${limits.batchItems}`)
}
