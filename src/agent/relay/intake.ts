// Events entering the agent: what a datagram decoded to, made ready to travel later. Each gets its time now
// when it has none (it is the receive time here, not the collector's, hours later after an outage) and an id
// when it has none, `agent:<agent id>:<sequence>`, so that a batch sent again after a lost acknowledgement
// counts once in the collector's store (core/dedupe.ts: same kind, name, host and id).

import type { Decoded, Millis } from '../../core/types.ts'
import type { SegmentBuffer } from './segment-buffer.ts'
import { wireLine } from './wire-line.ts'

export function agentEventId(agentId: string, seq: number): string {
  return `agent:${agentId}:${seq}`
}

/** Appends the decoded events to the buffer; answers how many were kept. */
export function takeEvents(buffer: SegmentBuffer, agentId: string, decoded: Decoded, received: Millis): number {
  const events = decoded.events
  if (events.length === 0) return 0
  buffer.append(events.length, (seq, i) => {
    const event = events[i]!
    // a new's time means "now" at the collector (validate.ts ignores it): its place among the others is kept by order
    const time = event.time ?? (event.kind === 'new' ? undefined : received)
    return wireLine(event, time, event.id ?? agentEventId(agentId, seq))
  })
  return events.length
}
