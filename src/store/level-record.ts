// The messages of one timeline as one LevelDB record: an array of tuples
//   [kind, name, host, time, received]  or  [kind, name, host, time, received, { status, message, attrs, id }]
// with kind 0 start, 1 end, 2 mark, 3 new. Context and timeline are in the key, so they are not repeated; nor
// are field names. A third of the bytes of a map per message, and LevelDB's cost goes by the byte.
// A record that is a single map (a store written before records were grouped) is one whole message.

import { type Packer, unpack } from '../codecs/msgpack/index.ts'
import type { MessageKind, Millis, Stored } from '../core/types.ts'

const KINDS: readonly MessageKind[] = ['start', 'end', 'mark', 'new']

/** 0 start, 1 end, 2 mark, 3 new; compared, not looked up by name, which costs more per message. */
function kindCode(kind: MessageKind): number {
  return kind === 'start' ? 0 : kind === 'end' ? 1 : kind === 'mark' ? 2 : 3
}

type Tuple = [number, string, string, Millis, Millis] | [number, string, string, Millis, Millis, Record<string, unknown>]

/** The record of `messages` (all of one timeline), packed straight to bytes: no tuple is built. */
export function packRecord(packer: Packer, messages: readonly Stored[]): Uint8Array {
  packer.begin()
  packer.arrayHeader(messages.length)
  for (const m of messages) {
    const extras = (m.status === undefined ? 0 : 1) + (m.message === undefined ? 0 : 1) +
      (m.attrs === undefined ? 0 : 1) + (m.id === undefined ? 0 : 1)
    packer.arrayHeader(extras === 0 ? 5 : 6)
    packer.num(kindCode(m.kind))
    packer.string(m.name)
    packer.string(m.host)
    packer.num(m.time)
    packer.num(m.received)
    if (extras === 0) continue
    packer.mapHeader(extras)
    if (m.status !== undefined) extra(packer, 'status', m.status)
    if (m.message !== undefined) extra(packer, 'message', m.message)
    if (m.attrs !== undefined) extra(packer, 'attrs', m.attrs)
    if (m.id !== undefined) extra(packer, 'id', m.id)
  }
  return packer.finish()
}

function extra(packer: Packer, key: string, value: unknown): void {
  packer.string(key)
  packer.any(value)
}

// A field added to Stored fails to compile here until packRecord writes it.
type Written = 'kind' | 'context' | 'timeline' | 'name' | 'host' | 'time' | 'received' | 'status' | 'message' | 'attrs' | 'id'
type Exactly<T extends true> = T
type AllFieldsWritten = Exactly<[Exclude<keyof Stored, Written>] extends [never] ? true : false>

/** The messages of a record read back, in order; `context` and `timeline` are the key's. */
export function messagesOf(record: unknown, context: string, timeline: string): Stored[] {
  if (!Array.isArray(record)) return [record as Stored]
  const out: Stored[] = new Array<Stored>(record.length)
  for (let i = 0; i < record.length; i++) {
    const [code, name, host, time, received, extra] = record[i] as Tuple
    const kind = KINDS[code]
    if (kind === undefined) throw new Error(`message ${i} of a record of ${context} / ${timeline} has kind ${code}`)
    const m: Stored = { kind, context, timeline, name, host, time, received }
    if (extra !== undefined) Object.assign(m, extra)
    out[i] = m
  }
  return out
}

/** Longest stretch of unpacking a read of messages takes before it lets other work run. */
const unpackTurnMs = 4

/**
 * The messages of a timeline's records, in order. A big timeline is hundreds of records, a second to unpack:
 * other work (UDP) runs in between, every few milliseconds.
 */
export async function unpackRecords(records: readonly Uint8Array[], context: string, timeline: string): Promise<Stored[]> {
  const out: Stored[] = []
  let since = performance.now()
  for (const record of records) {
    for (const m of messagesOf(unpack(record), context, timeline)) out.push(m)
    if (performance.now() - since > unpackTurnMs) {
      await new Promise((resolve) => setImmediate(resolve))
      since = performance.now()
    }
  }
  return out
}

/**
 * unpackRecords at once, for a thread that nothing else waits for (the drawing thread); each record is let go
 * from `records` once unpacked, so that its memory can be collected while the rest are.
 */
export function unpackRecordsAtOnce(records: Uint8Array[], context: string, timeline: string): Stored[] {
  const out: Stored[] = []
  for (let i = 0; i < records.length; i++) {
    for (const m of messagesOf(unpack(records[i]!), context, timeline)) out.push(m)
    records[i] = empty
  }
  return out
}

const empty = new Uint8Array(0)
