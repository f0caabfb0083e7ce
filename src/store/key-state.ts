// One facet's key space inside a LevelDB database (the store's own, or memory-level under the memory store):
// its keys behind `f\0<facet>\0`, its values JSON. The store decides how writes run (level.ts: in its write queue,
// refused while the database is broken), so a facet's writes and the events' never interleave badly.

import type { AbstractLevel } from 'abstract-level'
import type { AppendOptions, KeyOp, KeyRange, KeyState } from './types.ts'

export type KeyDb = AbstractLevel<unknown, string, Uint8Array>

export interface KeyStateAccess {
  /** The database as it is now (LevelDB's is reopened after a failed write). */
  db(): KeyDb
  /** Runs one batch the way the store writes. */
  write(batch: (db: KeyDb) => Promise<void>): Promise<void>
}

/** Facet names are plain words: they are part of keys and of PostgreSQL table names. */
export const facetName = /^[a-z][a-z0-9_]{0,30}$/

const utf8 = new TextDecoder('utf-8', { ignoreBOM: true })
const encoder = new TextEncoder()
const encode = (value: unknown): Uint8Array => encoder.encode(JSON.stringify(value))
const decode = <T>(bytes: Uint8Array | undefined): T | undefined => (bytes === undefined ? undefined : JSON.parse(utf8.decode(bytes)) as T)

export function createKeyState(facet: string, access: KeyStateAccess): KeyState {
  if (!facetName.test(facet)) throw new Error(`facet name ${JSON.stringify(facet)}: expected a lower-case word`)
  const base = `f\0${facet}\0`
  const end = `f\0${facet}\x01`
  const full = (key: string) => base + key

  return {
    kind: 'keys',

    async get<T>(key: string) {
      return decode<T>(await access.db().get(full(key)))
    },

    async getMany<T>(keys: readonly string[]) {
      const values = await access.db().getMany(keys.map(full))
      return values.map((v) => decode<T>(v))
    },

    write(ops: readonly KeyOp[], options?: AppendOptions) {
      if (ops.length === 0) return Promise.resolve()
      // encoded first: a value JSON cannot hold is the caller's mistake, not a failed write of the database
      let puts: Array<Uint8Array | undefined>
      try {
        puts = ops.map((op) => {
          if (!('put' in op)) return undefined
          if (op.value === undefined) throw new TypeError(`key ${JSON.stringify(op.put)}: a value is needed (delete with { del })`)
          return encode(op.value)
        })
      } catch (error) {
        return Promise.reject(error)
      }
      return access.write(async (db) => {
        const batch = db.batch()
        ops.forEach((op, i) => {
          if ('put' in op) batch.put(full(op.put), puts[i]!)
          else batch.del(full(op.del))
        })
        await batch.write({ sync: options?.sync === true })
      })
    },

    async entries<T>(range: KeyRange = {}) {
      const out: Array<[string, T]> = []
      const bounds = levelRange(base, end, range)
      if (bounds === undefined) return out
      for await (const [k, v] of access.db().iterator(bounds)) out.push([k.slice(base.length), decode<T>(v)!])
      return out
    },
  }
}

type LevelRange = { gt?: string; gte?: string; lt?: string; lte?: string; reverse?: boolean; limit?: number }

/** The range in the database's keys: the facet's space, narrowed by prefix and bounds; undefined when empty. */
function levelRange(base: string, end: string, range: KeyRange): LevelRange | undefined {
  let lower = { key: base, inclusive: true }
  let upper = { key: end, inclusive: false }
  const raise = (key: string, inclusive: boolean) => {
    const order = byteOrder(key, lower.key)
    if (order > 0 || (order === 0 && !inclusive)) lower = { key, inclusive }
  }
  const lowerTo = (key: string, inclusive: boolean) => {
    const order = byteOrder(key, upper.key)
    if (order < 0 || (order === 0 && !inclusive)) upper = { key, inclusive }
  }
  if (range.prefix !== undefined && range.prefix !== '') {
    raise(base + range.prefix, true)
    const after = following(range.prefix)
    if (after !== undefined) lowerTo(base + after, false)
  }
  if (range.gte !== undefined) raise(base + range.gte, true)
  if (range.gt !== undefined) raise(base + range.gt, false)
  if (range.lte !== undefined) lowerTo(base + range.lte, true)
  if (range.lt !== undefined) lowerTo(base + range.lt, false)
  const order = byteOrder(lower.key, upper.key)
  if (order > 0 || (order === 0 && !(lower.inclusive && upper.inclusive))) return undefined
  const out: LevelRange = {
    ...(lower.inclusive ? { gte: lower.key } : { gt: lower.key }),
    ...(upper.inclusive ? { lte: upper.key } : { lt: upper.key }),
  }
  if (range.reverse) out.reverse = true
  if (range.limit !== undefined) out.limit = range.limit
  return out
}

/** LevelDB's order: UTF-8 bytes (JavaScript's < compares UTF-16 units, which differs past U+FFFF). */
const byteOrder = (a: string, b: string): number => Buffer.compare(Buffer.from(a), Buffer.from(b))

/**
 * The first string after every string that starts with `prefix`: its last code point plus one. UTF-8 byte
 * order is code point order, so this bounds the prefix's keys. Undefined when there is none (U+10FFFF).
 */
function following(prefix: string): string | undefined {
  const points = [...prefix]
  while (points.length > 0) {
    const last = points.pop()!.codePointAt(0)!
    let next = last + 1
    if (next >= 0xd800 && next <= 0xdfff) next = 0xe000 // surrogates are not characters
    if (next <= 0x10ffff) return points.join('') + String.fromCodePoint(next)
  }
  return undefined
}
