// JetStream delivers at least once: a message whose events were stored but whose acknowledgement was lost
// (the collector died in between, the connection dropped) comes again. Its events must count once: an event
// the sender gave no id gets one made from where it sits in the stream, the same on every delivery, so the
// store's dedupe (core/dedupe.ts: same kind, name, host and id) holds. Stream names are at most 64
// characters (settings.ts): the id stays well within the 128 bytes limits.ts allows.

import type { Incoming } from '../../core/types.ts'

/** `nats:STREAM:SEQUENCE:INDEX` — the index is the event's place among the message's valid events. */
export function derivedId(stream: string, sequence: number, index: number): string {
  return `nats:${stream}:${sequence}:${index}`
}

/** Gives every event without an id its derived one (derivedId's), in place. */
export function addMessageIds(events: Incoming[], stream: string, sequence: number): void {
  // the part every event of the message shares, made once: one join per event instead of four
  const prefix = `nats:${stream}:${sequence}:`
  for (let i = 0; i < events.length; i++) {
    const event = events[i]!
    if (event.id === undefined) event.id = prefix + i
  }
}
