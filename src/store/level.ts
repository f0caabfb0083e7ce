// The embedded store: one LevelDB folder. Keys are strings; '\x00' ends each part (contexts and
// timeline ids never contain control characters). Values are MessagePack (src/codecs/msgpack/store-pack.ts).
//
//   s                                         → last seq used (written in every batch)
//   m\0<context>\0<timeline>\0<seq hex16>      → messages         messages(): one range read
//   t\0<context>\0<created hex16>\0<seq hex16> → TimelineInfo    newest first = reverse range read
//   i\0<context>\0<id>                         → order (the t key's last two parts)   timeline(): get
//   c\0<context>                               → { timelines, newest, order }         contexts(): range read
//   h                                         → the probe recover() writes and reads back
//   f\0<facet>\0<key>                          → a facet's own state, JSON (key-state.ts)
//
// seq is one counter for the whole store: every message takes one. The messages a batch appends to one
// timeline share a record (up to recordMessages of them, level-record.ts), keyed by the seq of its first:
// one LevelDB entry instead of hundreds is what lets group commit keep up with UDP. `created hex16` sorts as the number, so
// timelines order by (created, creation order). The c record is derived and rewritten in the batch that
// adds a timeline.

import { Packer, unpack } from '../codecs/msgpack/index.ts'
import type { ContextInfo, Stored, TimelineInfo } from '../core/types.ts'
import type { ContextPage, ExistingTimelines, PackedMessages, StateStore, TimelinePage } from './types.ts'
import { type KeyDb, createKeyState } from './key-state.ts'
import { deleteTimelinesBefore } from './level-expire.ts'
import * as key from './level-keys.ts'
import { type LevelDb, openLevelDb } from './level-open.ts'
import { packRecord, unpackRecords } from './level-record.ts'
import { contextLimit, contextsPage, pageLimit } from './paging.ts'

export interface LevelStoreOptions {
  /** fsync every batch before append() resolves. Off by default: only those appended with { sync: true }. */
  sync?: boolean
}

export interface ContextRecord {
  timelines: number
  newest: TimelineInfo
  order: string
}

type Op = { key: string; value: Uint8Array }

/** Most messages in one record: a few hundred kB at most, read whole. */
export const recordMessages = 1_000

const packer = new Packer()

export async function openLevelStore(dir: string, options: LevelStoreOptions = {}): Promise<StateStore & ExistingTimelines & PackedMessages> {
  let db = await openLevelDb(dir)
  const sync = options.sync ?? false
  let seq = await read<number>(db, key.seqKey) ?? 0
  /**
   * Set by a failed write. LevelDB's log writer keeps going after a write that failed half-way (a full disk),
   * and every record it appends after one is misaligned: dropped as a checksum mismatch when the log is read
   * at the next open. So nothing more is written to this database until recover() has reopened it.
   */
  let broken: unknown
  // Appends run one after another: each reads context records and takes seqs the last one left.
  let queue: Promise<unknown> = Promise.resolve()

  /** A timeline's records, still packed: one range read. */
  function records(context: string, timeline: string): Promise<Uint8Array[]> {
    return db.values(key.messageRange(context, timeline)).all()
  }

  async function write(messages: readonly Stored[], created: readonly TimelineInfo[], syncThis = false): Promise<void> {
    writable()
    const ops: Op[] = []
    const put = (k: string, value: unknown) => ops.push({ key: k, value: packer.pack(value) })
    const records = new Map<string, ContextRecord | undefined>()
    const seen = new Set<string>()
    // A timeline already recorded (a retried batch) is not recorded twice: which are, in one read for all
    const idKeys = created.map((info) => key.idKey(info.context, info.id))
    const recorded = idKeys.length === 0 ? [] : await db.getMany(idKeys)
    for (const [i, info] of created.entries()) {
      const idKey = idKeys[i]!
      if (seen.has(idKey) || recorded[i] !== undefined) continue
      seen.add(idKey)
      if (!records.has(info.context)) records.set(info.context, await read(db, key.contextKey(info.context)))
      const order = key.timelineOrder(info.created, ++seq)
      const item: TimelineInfo = { context: info.context, id: info.id, created: info.created }
      put(key.timelineKey(info.context, order), item)
      put(idKey, order)
      const record = records.get(info.context)
      const newer = record === undefined || order > record.order
      records.set(info.context, {
        timelines: (record?.timelines ?? 0) + 1,
        newest: newer ? item : record.newest,
        order: newer ? order : record.order,
      })
    }
    for (const [context, record] of records) put(key.contextKey(context), record)
    for (const group of byTimeline(messages)) {
      for (let i = 0; i < group.length; i += recordMessages) {
        const record = group.slice(i, i + recordMessages)
        const k = key.messageKey(record[0]!.context, record[0]!.timeline, seq + 1)
        ops.push({ key: k, value: packRecord(packer, record) })
        seq += record.length
      }
    }
    if (ops.length === 0) return
    put(key.seqKey, seq)
    // a chained batch: an array batch costs the main thread twice as much per write, copying every op
    const batch = db.batch()
    for (const op of ops) batch.put(op.key, op.value)
    try {
      await batch.write({ sync: sync || syncThis })
    } catch (error) {
      broken = error
      throw error
    }
  }

  function writable(): void {
    if (broken !== undefined) throw new Error(`the store takes no writes since one failed (${describe(broken)}): it must be reopened`)
  }

  /** Reopens the database (its log read again from disk), then writes a synced probe and reads it back. */
  async function reopen(): Promise<void> {
    if (broken !== undefined) {
      await db.close().catch(() => {})
      db = await openLevelDb(dir)
      seq = await read<number>(db, key.seqKey) ?? 0
    }
    const probe = Date.now()
    await db.put(key.probeKey, packer.pack(probe), { sync: true })
    if (await read<number>(db, key.probeKey) !== probe) throw new Error('the probe written to the store did not read back')
    broken = undefined
  }

  async function info(context: string, id: string): Promise<{ order: string; item: TimelineInfo } | undefined> {
    const order = await read<string>(db, key.idKey(context, id))
    if (order === undefined) return undefined
    const item = await read<TimelineInfo>(db, key.timelineKey(context, order))
    return item && { order, item }
  }

  return {
    append(messages, created, options) {
      const done = queue.then(() => write(messages, created, options?.sync === true))
      queue = done.catch(() => {})
      return done
    },

    async contexts(): Promise<ContextInfo[]> {
      const out: ContextInfo[] = []
      for await (const [k, value] of db.iterator(key.contextRange)) {
        const record = unpack(value) as ContextRecord
        out.push({ name: k.slice(2), timelines: record.timelines, newest: record.newest })
      }
      return out
    },

    async contextPage(options = {}): Promise<ContextPage> {
      const limit = contextLimit(options.limit)
      const prefix = options.prefix ?? ''
      const from = key.contextKey(prefix)
      const range = options.after !== undefined && key.contextKey(options.after) >= from
        ? { gt: key.contextKey(options.after), lt: key.contextRange.lt }
        : { gte: from, lt: key.contextRange.lt }
      const out: ContextInfo[] = []
      for await (const [k, value] of db.iterator({ ...range, limit: limit + 1 })) {
        const name = k.slice(2)
        if (!name.startsWith(prefix)) break
        const record = unpack(value) as ContextRecord
        out.push({ name, timelines: record.timelines, newest: record.newest })
      }
      return contextsPage(out, limit)
    },

    async timelines(context, options = {}): Promise<TimelinePage> {
      const limit = pageLimit(options.limit)
      const range = key.timelineRange(context)
      if (options.before !== undefined) {
        const before = await info(context, options.before)
        if (before === undefined) return { items: [] }
        range.lt = key.timelineKey(context, before.order)
      }
      const values = await db.values({ ...range, reverse: true, limit: limit + 1 }).all()
      const items = values.slice(0, limit).map((v) => unpack(v) as TimelineInfo)
      const last = items[items.length - 1]
      return values.length > limit && last ? { items, next: last.id } : { items }
    },

    async newest(context) {
      const [value] = await db.values({ ...key.timelineRange(context), reverse: true, limit: 1 }).all()
      return value && (unpack(value) as TimelineInfo)
    },

    async timeline(context, id) {
      return (await info(context, id))?.item
    },

    async existing(context, ids) {
      const found = await db.getMany(ids.map((id) => key.idKey(context, id)))
      return new Set(ids.filter((_, i) => found[i] !== undefined))
    },

    async messages(context, timeline) {
      return unpackRecords(await records(context, timeline), context, timeline)
    },

    packedMessages: records,

    state(facet) {
      return createKeyState(facet, {
        db: () => db as unknown as KeyDb,
        // in the append queue, and refused while the database is broken, as appends are
        write(batch) {
          const done = queue.then(async () => {
            writable()
            try {
              await batch(db as unknown as KeyDb)
            } catch (error) {
              broken = error
              throw error
            }
          })
          queue = done.catch(() => {})
          return done
        },
      })
    },

    recover() {
      const done = queue.then(reopen)
      queue = done.catch(() => {})
      return done
    },

    deleteTimelinesBefore(cutoff, limit) {
      // in the append queue: appends read and rewrite the c records this changes
      const done = queue.then(async () => {
        writable()
        try {
          return await deleteTimelinesBefore(db, cutoff, limit)
        } catch (error) {
          broken = error
          throw error
        }
      })
      queue = done.catch(() => {})
      return done
    },

    async close() {
      await queue
      await db.close()
    },
  }
}

/** The messages of each timeline, in their order; timelines in the order they first appear. */
function byTimeline(messages: readonly Stored[]): Stored[][] {
  const first = messages[0]
  if (first === undefined) return []
  // the common case: a batch for one timeline
  if (messages.every((m) => m.timeline === first.timeline && m.context === first.context)) return [messages.slice()]
  const groups = new Map<string, Stored[]>()
  for (const m of messages) {
    const k = `${m.context}\0${m.timeline}`
    const group = groups.get(k)
    if (group === undefined) groups.set(k, [m])
    else group.push(m)
  }
  return [...groups.values()]
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

async function read<T>(db: LevelDb, k: string): Promise<T | undefined> {
  const value: Uint8Array | undefined = await db.get(k)
  return value === undefined ? undefined : (unpack(value) as T)
}
