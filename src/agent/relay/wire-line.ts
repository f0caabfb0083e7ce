// How the agent keeps and sends one event: the JSON of POST /api/events (proto/http.md), made once when the
// event enters the buffer, so that forwarding a batch joins lines and never encodes again.

import type { Incoming } from '../../core/types.ts'

/** The event as one JSON object of upto's HTTP format: `type` is the kind's word, `time` Unix milliseconds. */
export function wireLine(event: Incoming): string {
  const { kind, context, name, host, time, timeline, status, message, attrs, id } = event
  return JSON.stringify({ type: kind, context, name, host, time, timeline, status, message, attrs, id })
}

/** A JSON array of wire lines: the body of POST /api/events and of the agent's GET /pull. */
export function wireBody(lines: readonly string[]): string {
  return `[${lines.join(',')}]`
}
