// Between the model and PostgreSQL rows: a batch as one array per column, a row back as a Stored
// message. NULL stands for a field that was absent, as MessagePack leaves it out in LevelDB.

import type { MessageKind, Stored, TimelineInfo } from '../core/types.ts'

export interface MessageRow {
  kind: MessageKind
  name: string
  host: string
  time: number
  received: number
  status: string | null
  message: string | null
  attrs: Record<string, string> | null
  id: string | null
}

export interface TimelineRow {
  context: string
  id: string
  created: number
}

/** The 14 parameters of the append statement. A timeline listed twice in `created` is sent once. */
export function appendParameters(messages: readonly Stored[], created: readonly TimelineInfo[]): unknown[] {
  const seen = new Set<string>()
  const t = { context: [] as string[], id: [] as string[], created: [] as number[] }
  for (const info of created) {
    const key = `${info.context}\0${info.id}`
    if (seen.has(key)) continue
    seen.add(key)
    t.context.push(info.context)
    t.id.push(info.id)
    t.created.push(info.created)
  }
  const n = messages.length
  const column = () => new Array<unknown>(n)
  const [context, timeline, kind, name, host, time] = [column(), column(), column(), column(), column(), column()]
  const [received, status, message, attrs, id] = [column(), column(), column(), column(), column()]
  for (let i = 0; i < n; i++) {
    const m = messages[i]!
    context[i] = m.context
    timeline[i] = m.timeline
    kind[i] = m.kind
    name[i] = m.name
    host[i] = m.host
    time[i] = m.time
    received[i] = m.received
    status[i] = m.status ?? null
    message[i] = m.message ?? null
    attrs[i] = m.attrs === undefined ? null : JSON.stringify(m.attrs)
    id[i] = m.id ?? null
  }
  return [t.context, t.id, t.created, context, timeline, kind, name, host, time, received, status, message, attrs, id]
}

export function toStored(row: MessageRow, context: string, timeline: string): Stored {
  const m: Stored = {
    kind: row.kind,
    context,
    timeline,
    name: row.name,
    host: row.host,
    time: row.time,
    received: row.received,
  }
  if (row.status !== null) m.status = row.status
  if (row.message !== null) m.message = row.message
  if (row.attrs !== null) m.attrs = row.attrs
  if (row.id !== null) m.id = row.id
  return m
}

export function toTimeline(row: TimelineRow): TimelineInfo {
  return { context: row.context, id: row.id, created: row.created }
}
