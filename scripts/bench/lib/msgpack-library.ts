// For the benchmark only: src/codecs/msgpack/index.ts done by @msgpack/msgpack, bundled in its place into a
// second collector (bundle.ts, `replace`), so udp-ingest can weigh the hand-written code against the library
// doing the same work. The same exports, the same values, the same refusals, except where the library cannot:
//
// - str is read raw (rawStrings) and checked here, with the product's ASCII cache and a fatal TextDecoder, so
//   invalid UTF-8 is refused naming its field. The library hands bin the same way, so a bin where a string
//   belongs is taken as its UTF-8 text here; the product refuses it.
// - Map keys go through a key decoder and key converter of ours: a key that is not a string, is not UTF-8,
//   or is __proto__ (which the library refuses outright) is kept aside and put back when the map is turned
//   into a Map, so events skip such keys and attrs refuse them as the product does.
// - Depth is bounded after decoding (values deeper than the product reads become TooDeep); the library
//   has built them first. A batch over the item limit is refused after it was decoded, not before: a batch
//   that is both too large and malformed is refused as malformed here.
// - Store values: strings are decoded here too, keeping a leading U+FEFF (the library's TextDecoder strips it
//   from strings over 200 bytes); keys named __proto__ stay plain keys; extension values throw, as in the
//   product. A bin in a store value (which the store never writes) is read as a string.
// - Bytes that do not decode are refused as malformed with the library's own words for why.
// It keeps what a product on the library would keep of ours: the times (time.ts), the cache of short ASCII
// strings (ascii-text.ts), validation. test/codecs/msgpack-library.test.ts checks that it decodes and stores alike.

import { Decoder, type DecoderOptions, Encoder, ExtData, ExtensionCodec } from '@msgpack/msgpack'
import { batchTooLarge, refuseAll } from '../../../src/codecs/batch.ts'
import { asciiText } from '../../../src/codecs/msgpack/ascii-text.ts'
import { TIMESTAMP_EXT, extTime, msgpackTime } from '../../../src/codecs/msgpack/time.ts'
import type { Decoded, Incoming, Millis } from '../../../src/core/types.ts'
import { type Candidate, Refused, checkEvent } from '../../../src/core/validate.ts'
import { InvalidUtf8, TooDeep, WireExt, describeValue } from '../../../src/core/wire-values.ts'

type WireValue = unknown
type KeyDecoder = NonNullable<DecoderOptions['keyDecoder']>

/** As the product's reader: event fields sit at most three levels down. */
const MAX_DEPTH = 8
const TOO_DEEP = new TooDeep()
const fatal = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })
const lenient = new TextDecoder('utf-8', { ignoreBOM: true })

// ---- keys the library cannot hold as object keys, kept aside for the length of one decode

/** Marks a key kept aside: `${ASIDE}${index}`. A real key that starts with it is kept aside too. */
const ASIDE = '\u0000upto-key:'
let aside: WireValue[] = []

function keep(key: WireValue): string {
  aside.push(key)
  return `${ASIDE}${aside.length - 1}`
}

function keptKey(key: string): WireValue {
  return key.startsWith(ASIDE) ? aside[Number(key.slice(ASIDE.length))] : key
}

const wireKeys: KeyDecoder = {
  canBeCached: () => true,
  decode(bytes, at, size) {
    const key = asciiText(bytes, at, size) ?? text(bytes.subarray(at, at + size))
    return typeof key === 'string' && key !== '__proto__' && !key.startsWith(ASIDE) ? key : keep(key)
  },
}

/** The library refuses to decode a key named __proto__: it comes to it as a key kept aside. */
const storeKeys: KeyDecoder = {
  canBeCached: () => true,
  decode(bytes, at, size) {
    const key = asciiText(bytes, at, size) ?? lenient.decode(bytes.subarray(at, at + size))
    return key === '__proto__' || key.startsWith(ASIDE) ? keep(key) : key
  },
}

const mapKey = (key: unknown): string | number => (typeof key === 'string' ? key : keep(key))

// ---- wire values

const extensions = new ExtensionCodec()
// the library's own timestamp decoder makes a Date (milliseconds, no checks): the product reads the bytes
extensions.register({ type: TIMESTAMP_EXT, encode: () => null, decode: (data) => new ExtData(TIMESTAMP_EXT, data) })

const wire = new Decoder({
  useBigInt64: true, rawStrings: true, extensionCodec: extensions, keyDecoder: wireKeys, mapKeyConverter: mapKey,
})

function text(raw: Uint8Array): string | InvalidUtf8 {
  const ascii = asciiText(raw, 0, raw.length)
  if (ascii !== undefined) return ascii
  try {
    return fatal.decode(raw)
  } catch {
    return new InvalidUtf8(raw.slice())
  }
}

/** A library value as the product's reader gives it at `depth`. */
function wireValue(v: unknown, depth: number): WireValue {
  if (v instanceof Uint8Array) return text(v)
  if (typeof v === 'bigint') return v <= BigInt(Number.MAX_SAFE_INTEGER) && v >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(v) : v
  if (typeof v !== 'object' || v === null) return v
  if (v instanceof ExtData) return new WireExt(v.type, (v.data as Uint8Array).slice())
  // a key kept aside is already the product's value
  if (v instanceof InvalidUtf8) return v
  if (depth >= MAX_DEPTH) return TOO_DEEP
  if (Array.isArray(v)) return v.map((x) => wireValue(x, depth + 1))
  const out = new Map<WireValue, WireValue>()
  const entries = v as Record<string, unknown>
  for (const k in entries) out.set(wireValue(keptKey(k), depth + 1), wireValue(entries[k], depth + 1))
  return out
}

/** Decodes msgpack bytes; `sender` fills the host of items that say autoIP. Never throws. */
export function decodeMsgpack(bytes: Uint8Array, now: Millis, sender?: string): Decoded {
  aside = []
  let decoded: unknown
  try {
    // a plain view of a Buffer: the raw strings the library cuts from it are then no Buffers, cheaper to make
    decoded = wire.decode(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength))
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err)
    return refuseAll('malformed', `msgpack does not decode (${why}): expected one map or an array of maps`)
  }
  try {
    if (!Array.isArray(decoded)) {
      const checked = item(decoded, now, sender)
      return checked instanceof Refused
        ? { events: [], refused: [{ index: 0, reason: checked.reason, detail: checked.detail }] }
        : { events: [checked], refused: [] }
    }
    const tooLarge = batchTooLarge(decoded.length)
    if (tooLarge) return tooLarge
    const out: Decoded = { events: [], refused: [] }
    for (let index = 0; index < decoded.length; index++) {
      const checked = item(decoded[index], now, sender)
      if (checked instanceof Refused) out.refused.push({ index, reason: checked.reason, detail: checked.detail })
      else out.events.push(checked)
    }
    return out
  } finally {
    aside = []
  }
}

function item(v: unknown, now: Millis, sender: string | undefined): Incoming | Refused {
  if (typeof v !== 'object' || v === null || Array.isArray(v) || v instanceof Uint8Array || v instanceof ExtData) {
    return new Refused('not_an_event', `item is ${describeValue(wireValue(v, 0))}: expected a map of event fields`)
  }
  const candidate: Candidate = {}
  const fields = v as Record<string, unknown>
  for (const k in fields) {
    const x = fields[k]
    switch (k) {
      case 'context': candidate.context = wireValue(x, 1); break
      case 'name': candidate.name = wireValue(x, 1); break
      case 'type': candidate.type = wireValue(x, 1); break
      case 'time':
        // an extension is read where it lies, as the product's reader does
        candidate.time = x instanceof ExtData
          ? extTime(x.type, x.data as Uint8Array, 0, (x.data as Uint8Array).length)
          : msgpackTime(wireValue(x, 1) as Parameters<typeof msgpackTime>[0])
        break
      case 'host': candidate.host = wireValue(x, 1); break
      case 'autoIP': candidate.autoIP = wireValue(x, 1); break
      case 'timeline': candidate.timeline = wireValue(x, 1); break
      case 'status': candidate.status = wireValue(x, 1); break
      case 'message': candidate.message = wireValue(x, 1); break
      case 'attrs': candidate.attrs = wireValue(x, 1); break
      case 'id': candidate.id = wireValue(x, 1); break
      default: // unknown keys, and keys kept aside, are skipped
    }
  }
  return checkEvent(candidate, now, sender)
}

// ---- store values

const storeDecoder = new Decoder({ rawStrings: true, keyDecoder: storeKeys, mapKeyConverter: mapKey })
const encoder = new Encoder({ ignoreUndefined: true })

export function unpack(bytes: Uint8Array): unknown {
  aside = []
  try {
    return storeValue(storeDecoder.decode(bytes))
  } finally {
    aside = []
  }
}

function storeValue(v: unknown): unknown {
  if (v instanceof Uint8Array) return asciiText(v, 0, v.length) ?? lenient.decode(v)
  if (typeof v !== 'object' || v === null) return v
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) v[i] = storeValue(v[i])
    return v
  }
  if (v instanceof ExtData || v instanceof Date) throw new Error('an extension value is not in a store value')
  const map = v as Record<string, unknown>
  let renamed = false
  for (const k in map) {
    map[k] = storeValue(map[k])
    if (k.startsWith(ASIDE)) renamed = true
  }
  if (!renamed) return map
  const out: Record<string, unknown> = {}
  for (const [k, x] of Object.entries(map)) {
    Object.defineProperty(out, String(keptKey(k)), { value: x, enumerable: true, writable: true, configurable: true })
  }
  return out
}

interface Open {
  value: unknown[] | Record<string, unknown>
  left: number
  key: string | undefined
}

/**
 * The product's Packer over the library's Encoder. Values written part by part (src/store/level-record.ts) are
 * built as the arrays and maps they stand for, then encoded whole: what code on the library does.
 */
export class Packer {
  private root: unknown
  private readonly open: Open[] = []

  pack(value: unknown): Uint8Array {
    return encoder.encode(value)
  }

  begin(): void {
    this.root = undefined
    this.open.length = 0
  }

  finish(): Uint8Array {
    return encoder.encode(this.root)
  }

  arrayHeader(n: number): void {
    this.container([], n)
  }

  mapHeader(n: number): void {
    this.container({}, n)
  }

  string(s: string): void {
    this.add(s)
  }

  num(n: number): void {
    this.add(n)
  }

  any(v: unknown): void {
    this.add(v)
  }

  private container(value: unknown[] | Record<string, unknown>, n: number): void {
    this.add(value)
    if (n > 0) this.open.push({ value, left: n, key: undefined })
  }

  private add(v: unknown): void {
    const top = this.open[this.open.length - 1]
    if (top === undefined) {
      this.root = v
      return
    }
    if (Array.isArray(top.value)) top.value.push(v)
    else if (top.key === undefined) {
      top.key = v as string
      return
    } else {
      if (top.key === '__proto__') Object.defineProperty(top.value, top.key, { value: v, enumerable: true, writable: true, configurable: true })
      else top.value[top.key] = v
      top.key = undefined
    }
    top.left--
    // a container just added is on top now, and not yet full: those below wait for it
    while (this.open.length > 0 && this.open[this.open.length - 1]!.left === 0) this.open.pop()
  }
}
