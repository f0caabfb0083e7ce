// The store in memory, for tests. Answers exactly as level.ts does, including its orders:
// contexts by UTF-8 byte order of their names, timelines by (created, creation order).

import type { ContextInfo, Stored, TimelineInfo } from '../core/types.ts'
import { MemoryLevel } from 'memory-level'
import { type KeyDb, createKeyState } from './key-state.ts'
import type { StateStore, TimelinePage } from './types.ts'
import { contextLimit, contextsPage, pageLimit } from './paging.ts'

interface Entry {
  info: TimelineInfo
  seq: number
}

interface Context {
  /** Oldest first. */
  timelines: Entry[]
  byId: Map<string, Entry>
  messages: Map<string, Stored[]>
}

const byteOrder = (a: string, b: string): number => Buffer.compare(Buffer.from(a), Buffer.from(b))
const timelineOrder = (a: Entry, b: Entry): number => a.info.created - b.info.created || a.seq - b.seq

export function createMemoryStore(): StateStore {
  const contexts = new Map<string, Context>()
  // the facets' state: the same key spaces as on LevelDB, in memory
  let keys: KeyDb | undefined
  const keyDb = () => (keys ??= new MemoryLevel<string, Uint8Array>({ keyEncoding: 'utf8', valueEncoding: 'view' }) as unknown as KeyDb)
  let seq = 0
  let closed = false

  const context = (name: string): Context => {
    let found = contexts.get(name)
    if (found === undefined) {
      found = { timelines: [], byId: new Map(), messages: new Map() }
      contexts.set(name, found)
    }
    return found
  }
  const newestOf = (c: Context | undefined) => c?.timelines[c.timelines.length - 1]?.info

  return {
    async append(messages, created) {
      if (closed) throw new Error('memory store is closed')
      // Copies in and out, as a real store would: callers cannot change what was stored.
      for (const info of created) {
        const c = context(info.context)
        if (c.byId.has(info.id)) continue
        const entry = { info: { context: info.context, id: info.id, created: info.created }, seq: ++seq }
        c.byId.set(info.id, entry)
        c.timelines.push(entry)
        c.timelines.sort(timelineOrder)
      }
      for (const message of messages) {
        const list = context(message.context).messages
        const stored = list.get(message.timeline) ?? []
        stored.push(structuredClone(withoutUndefined(message)))
        list.set(message.timeline, stored)
        ++seq
      }
    },

    async contexts(): Promise<ContextInfo[]> {
      const out: ContextInfo[] = []
      for (const [name, c] of contexts) {
        const newest = newestOf(c)
        if (newest) out.push({ name, timelines: c.timelines.length, newest: { ...newest } })
      }
      return out.sort((a, b) => byteOrder(a.name, b.name))
    },

    async contextPage(options = {}) {
      const limit = contextLimit(options.limit)
      const { after, prefix = '' } = options
      const all = await this.contexts()
      const chosen = all.filter((c) => c.name.startsWith(prefix) && (after === undefined || byteOrder(c.name, after) > 0))
      return contextsPage(chosen.slice(0, limit + 1), limit)
    },

    async timelines(name, options = {}): Promise<TimelinePage> {
      const limit = pageLimit(options.limit)
      const c = contexts.get(name)
      if (c === undefined) return { items: [] }
      let end = c.timelines.length
      if (options.before !== undefined) {
        const before = c.byId.get(options.before)
        if (before === undefined) return { items: [] }
        end = c.timelines.indexOf(before)
      }
      const items = c.timelines.slice(Math.max(0, end - limit), end).reverse().map((e) => ({ ...e.info }))
      const last = items[items.length - 1]
      return end > limit && last ? { items, next: last.id } : { items }
    },

    async newest(name) {
      const newest = newestOf(contexts.get(name))
      return newest && { ...newest }
    },

    async timeline(name, id) {
      const entry = contexts.get(name)?.byId.get(id)
      return entry && { ...entry.info }
    },

    async messages(name, timeline) {
      return structuredClone(contexts.get(name)?.messages.get(timeline) ?? [])
    },

    async deleteTimelinesBefore(cutoff, limit) {
      const old: Array<{ c: Context; entry: Entry }> = []
      for (const c of contexts.values()) {
        // the last is the newest: never removed
        for (const entry of c.timelines.slice(0, -1)) if (entry.info.created < cutoff) old.push({ c, entry })
      }
      old.sort((a, b) => timelineOrder(a.entry, b.entry))
      return old.slice(0, Math.max(0, limit)).map(({ c, entry }) => {
        c.timelines.splice(c.timelines.indexOf(entry), 1)
        c.byId.delete(entry.info.id)
        c.messages.delete(entry.info.id)
        return { ...entry.info }
      })
    },

    state(facet) {
      return createKeyState(facet, {
        db: keyDb,
        write: async (batch) => {
          if (closed) throw new Error('memory store is closed')
          const db = keyDb()
          await db.open() // a chained batch, unlike a get, does not wait for the deferred open
          return batch(db)
        },
      })
    },

    async close() {
      closed = true
      await keys?.close()
    },
  }
}

/** MessagePack drops undefined fields; so does this store. */
function withoutUndefined(message: Stored): Stored {
  return Object.fromEntries(Object.entries(message).filter(([, v]) => v !== undefined)) as Stored
}
