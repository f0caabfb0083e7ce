// Retention for the LevelDB store: the timelines created before a cutoff, oldest first across
// contexts, removed with their messages in one batch (see level.ts for the keys). A context's newest
// timeline (its c record's `order`) is never among them, so a context never disappears and its c
// record only loses count. level.ts runs this in its append queue: no append reads a c record meanwhile.

import { Packer, unpack } from '../codecs/msgpack/index.ts'
import type { Millis, TimelineInfo } from '../core/types.ts'
import type { ContextRecord } from './level.ts'
import * as key from './level-keys.ts'
import type { LevelDb } from './level-open.ts'

type Op = { type: 'del'; key: string } | { type: 'put'; key: string; value: Uint8Array }

interface Candidate {
  info: TimelineInfo
  /** The t key's last two parts: (created, seq), sortable as text. */
  order: string
}

const packer = new Packer()

export async function deleteTimelinesBefore(db: LevelDb, cutoff: Millis, limit: number): Promise<TimelineInfo[]> {
  if (!(limit >= 1)) return []
  const records = new Map<string, ContextRecord>()
  const candidates: Candidate[] = []
  for await (const [k, value] of db.iterator(key.contextRange)) {
    const context = k.slice(2)
    const record = unpack(value) as ContextRecord
    records.set(context, record)
    const prefix = key.timelineKey(context, '')
    // strictly before the cutoff: t\0ctx\0<created>\0<seq> < t\0ctx\0<cutoff>
    const below = { gt: key.timelineRange(context).gt, lt: key.timelineKey(context, key.sortableFloat(cutoff)), limit }
    for await (const [tk, tv] of db.iterator(below)) {
      const order = tk.slice(prefix.length)
      if (order !== record.order) candidates.push({ info: unpack(tv) as TimelineInfo, order })
    }
  }
  // oldest first across contexts; the order text sorts by (created, creation order)
  candidates.sort((a, b) => (a.order < b.order ? -1 : a.order > b.order ? 1 : 0))
  const chosen = candidates.slice(0, limit)
  if (chosen.length === 0) return []

  const ops: Op[] = []
  const removed = new Map<string, number>()
  for (const { info, order } of chosen) {
    ops.push({ type: 'del', key: key.timelineKey(info.context, order) })
    ops.push({ type: 'del', key: key.idKey(info.context, info.id) })
    for await (const mk of db.keys(key.messageRange(info.context, info.id))) ops.push({ type: 'del', key: mk })
    removed.set(info.context, (removed.get(info.context) ?? 0) + 1)
  }
  for (const [context, n] of removed) {
    const record = records.get(context)!
    ops.push({ type: 'put', key: key.contextKey(context), value: packer.pack({ ...record, timelines: record.timelines - n }) })
  }
  await db.batch(ops)
  return chosen.map((c) => c.info)
}
