// How the agent keeps and sends one event: the JSON of POST /api/events (proto/http.md), made once when the
// event enters the buffer, so that forwarding a batch joins lines and never encodes again. Written field by
// field: the hot path of every datagram, where JSON.stringify of a whole object (absent fields included) costs
// several times as much.

import type { Incoming } from '../../core/types.ts'

const text = JSON.stringify

/** The event as one JSON object of upto's HTTP format: `type` is the kind's word, `time` Unix milliseconds. */
export function wireLine(event: Incoming, time = event.time, id = event.id): string {
  let line = `{"type":"${event.kind}","context":${text(event.context)},"name":${text(event.name)},"host":${text(event.host)}`
  if (time !== undefined) line += `,"time":${time}`
  if (event.timeline !== undefined) line += `,"timeline":${text(event.timeline)}`
  if (event.status !== undefined) line += `,"status":${text(event.status)}`
  if (event.message !== undefined) line += `,"message":${text(event.message)}`
  if (event.attrs !== undefined) line += `,"attrs":${text(event.attrs)}`
  if (id !== undefined) line += `,"id":${text(id)}`
  return `${line}}`
}

/** A JSON array of wire lines: the body of POST /api/events and of the agent's GET /pull. */
export function wireBody(lines: readonly string[]): string {
  return `[${lines.join(',')}]`
}
