// Property-based tests of every decoder (fast-check): whatever the bytes or the JSON value, each item is
// either decoded into a valid event or refused with a reason; nothing throws; what comes out is bounded by
// the limits, never by the input. And every valid event goes through each format and comes back equal.

import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { encode } from '@msgpack/msgpack'
import fc from 'fast-check'
import { limits } from '../../src/core/limits.ts'
import type { Decoded, Incoming, RefusalReason } from '../../src/core/types.ts'
import { decodeDatagram } from '../../src/codecs/datagram.ts'
import { encodeBatch, encodeEvent } from '../../src/codecs/encode.ts'
import { decodeHttpBody } from '../../src/codecs/http-body.ts'
import { formatTextLine } from '../../src/codecs/text.ts'
import { signDatagram, signedDatagramDecoder } from '../../src/codecs/udp-verify.ts'
import { NOW, SENDER } from './bytes.ts'

const runs = { numRuns: 300 }
const REASONS = new Set<RefusalReason>([
  'malformed', 'not_an_event', 'bad_type', 'bad_context', 'bad_timeline', 'bad_name', 'bad_host', 'bad_time',
  'bad_status', 'bad_message', 'bad_attrs', 'bad_id', 'too_large', 'unsupported_media_type', 'unsigned', 'bad_signature',
])
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/
const CONTROL_BUT_LINES = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/
const bytesOf = (s: string) => Buffer.byteLength(s, 'utf8')
const KEY = 'property-test-key-0123456789'

/** The limits of proto/limits.md, stated again here rather than borrowed from the validator. */
function assertValidEvent(e: Incoming, what: string): void {
  const text = (field: string, v: unknown, min: number, max: number, lines = false) => {
    assert.equal(typeof v, 'string', `${what}: ${field} is a string`)
    const s = v as string
    assert.ok(!/[\ud800-\udfff]/u.test(s), `${what}: ${field} has no lone surrogate`)
    assert.ok(bytesOf(s) >= min && bytesOf(s) <= max, `${what}: ${field} is ${bytesOf(s)} bytes`)
    assert.ok(!(lines ? CONTROL_BUT_LINES : CONTROL).test(s), `${what}: ${field} has no control character`)
  }
  assert.ok(['start', 'end', 'mark', 'new'].includes(e.kind), `${what}: kind ${e.kind}`)
  text('context', e.context, 1, limits.contextBytes)
  if (e.kind === 'new') {
    assert.equal(e.name, '', `${what}: a new has no name`)
    assert.equal(e.time, undefined, `${what}: a new has no time`)
  } else {
    text('name', e.name, 1, limits.nameBytes)
    const segments = e.name.split('.')
    assert.ok(segments.length <= limits.nameSegments && segments.every((s) => s !== ''), `${what}: name segments`)
  }
  text('host', e.host, 0, limits.hostBytes)
  if (e.time !== undefined) {
    assert.ok(Number.isFinite(e.time) && e.time >= 0 && e.time <= NOW + limits.futureMillis, `${what}: time ${e.time}`)
  }
  if (e.timeline !== undefined) {
    text('timeline', e.timeline, 1, limits.timelineBytes)
    assert.notEqual(e.timeline, 'latest')
  }
  if (e.status !== undefined) {
    text('status', e.status, 1, limits.statusBytes)
    assert.ok(!/\s/.test(e.status), `${what}: status is one word`)
  }
  if (e.message !== undefined) text('message', e.message, 1, limits.messageBytes, true)
  if (e.id !== undefined) text('id', e.id, 1, limits.idBytes)
  if (e.attrs !== undefined) {
    const entries = Object.entries(e.attrs)
    assert.ok(entries.length >= 1 && entries.length <= limits.attrsCount, `${what}: ${entries.length} attrs`)
    for (const [k, v] of entries) {
      text('attr key', k, 1, limits.attrKeyBytes)
      text('attr value', v, 0, limits.attrValueBytes, true)
    }
  }
  const known = new Set(['kind', 'context', 'name', 'host', 'time', 'timeline', 'status', 'message', 'attrs', 'id'])
  for (const k of Object.keys(e)) assert.ok(known.has(k), `${what}: unexpected field ${k}`)
}

/** Nothing thrown (the call returned), every item accounted for, the output bounded by the limits alone. */
function assertDecoded(result: Decoded, what: string): void {
  assert.ok(Array.isArray(result.events) && Array.isArray(result.refused), what)
  assert.ok(result.events.length + result.refused.length <= limits.batchItems, `${what}: at most a batch of items`)
  for (const e of result.events) assertValidEvent(e, what)
  const indexes = new Set<number>()
  for (const r of result.refused) {
    assert.ok(REASONS.has(r.reason), `${what}: reason ${r.reason}`)
    assert.ok(Number.isInteger(r.index) && r.index >= 0 && r.index < limits.batchItems, `${what}: index ${r.index}`)
    assert.ok(!indexes.has(r.index), `${what}: one refusal per item`)
    indexes.add(r.index)
    assert.ok(r.detail.length > 0 && r.detail.length < 600, `${what}: detail of ${r.detail.length} characters`)
  }
}

const MEDIA = ['application/json', 'application/msgpack', 'text/plain', undefined, 'application/xml']
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex')

// ---- arbitraries ----

/** Values a field might hold on the wire: plausible ones, edge cases, and nonsense. */
const weird = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.constantFrom('', 'latest', 'a..b', '.a', 'a.', 'x'.repeat(1_025), 'a.'.repeat(40) + 'a', '\u0000', '\u009f', 'é😀', '\ud800', 'start', 'new'),
  fc.integer(),
  fc.double(),
  fc.constantFrom(NaN, Infinity, -Infinity, 0, -1, 3, 1e300, Number.MAX_SAFE_INTEGER),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string({ maxLength: 5 }), { maxLength: 4 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.oneof(fc.string({ maxLength: 5 }), fc.integer()), { maxKeys: 4 }),
)
const timeValue = fc.oneof(
  fc.integer({ min: 0, max: NOW + 400 * 86_400_000 }),
  fc.constantFrom('2024-05-01T11:59:50Z', '1969-12-31T23:59:59Z', '2090-01-01T00:00:00Z', 'yesterday', '2024-02-30T00:00:00Z'),
  weird,
)
/** A map with any of the event fields, each holding anything. */
const eventish = fc.record(
  {
    type: fc.oneof(fc.constantFrom(0, 1, 2, 3, 4, 'start', 'end', 'mark', 'event', 'new', 'finish'), weird),
    context: fc.oneof(fc.constantFrom('deploy', 'build'), weird),
    name: fc.oneof(fc.constantFrom('db.migrate', 'compile'), weird),
    host: fc.oneof(fc.constant('web-1'), weird),
    time: timeValue,
    autoIP: fc.oneof(fc.boolean(), weird),
    timeline: weird,
    status: fc.oneof(fc.constantFrom('ok', 'error', 'not ok'), weird),
    message: weird,
    attrs: weird,
    id: weird,
    extra: fc.anything({ maxDepth: 3 }),
  },
  { requiredKeys: [] },
)
/** Arrays nested deeper than any event field: the decoders must not build them (nor recurse on them). */
const nested = fc.integer({ min: 1, max: 2_000 }).map((depth) => {
  let v: unknown = 'x'
  for (let i = 0; i < depth; i++) v = [v]
  return v
})

// Valid events, within every limit, for the round trips.
const piece = fc.string({ unit: 'grapheme-composite', minLength: 1, maxLength: 12 }).filter((s) => !s.includes('.'))
const word = fc.string({ unit: 'grapheme-composite', minLength: 1, maxLength: 30 })
const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined })
const validEvent: fc.Arbitrary<Incoming> = fc
  .record({
    kind: fc.constantFrom('start', 'end', 'mark', 'new') as fc.Arbitrary<Incoming['kind']>,
    context: word,
    name: fc.array(piece, { minLength: 1, maxLength: 6 }).map((segments) => segments.join('.')),
    host: fc.string({ unit: 'grapheme-composite', maxLength: 40 }),
    time: fc.integer({ min: 0, max: NOW + 365 * 86_400_000 }),
    timeline: optional(word.filter((s) => s !== 'latest')),
    status: optional(fc.stringMatching(/^[a-z_-]{1,20}$/)),
    message: optional(fc.string({ unit: fc.oneof(fc.constantFrom('\n', '\t'), fc.string({ unit: 'grapheme-composite', minLength: 1, maxLength: 1 })), minLength: 1, maxLength: 60 })),
    // `sig` is reserved in text lines: a signed datagram's signature (proto/udp-signature.md)
    attrs: optional(fc.dictionary(word.filter((k) => k !== 'sig'), fc.string({ unit: 'grapheme-composite', maxLength: 30 }), { minKeys: 1, maxKeys: 6 }).map((d) => ({ ...d }))),
    id: optional(word),
  })
  .map((e) => {
    const out: Incoming = { kind: e.kind, context: e.context, name: e.kind === 'new' ? '' : e.name, host: e.host }
    if (e.kind !== 'new') out.time = e.time
    for (const k of ['timeline', 'status', 'message', 'attrs', 'id'] as const) if (e[k] !== undefined) Object.assign(out, { [k]: e[k] })
    return out
  })

const asJson = (e: Incoming) => ({ ...e, type: e.kind, kind: undefined })
const toClient = (e: Incoming) => ({ ...e, time: e.time ?? NOW })

describe('every decoder, on any input, decodes valid events or refuses with a reason, never throws', () => {
  test('any bytes as a UDP datagram', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => {
      assertDecoded(decodeDatagram(bytes, NOW, SENDER), `datagram ${hex(bytes)}`)
    }), runs)
  })

  test('any bytes as an HTTP body of any content type', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 400 }), fc.constantFrom(...MEDIA), (bytes, media) => {
      assertDecoded(decodeHttpBody(bytes, media, NOW, SENDER), `${media} body ${hex(bytes)}`)
    }), runs)
  })

  test('any msgpack value, as a datagram and as a body', () => {
    fc.assert(fc.property(fc.oneof(fc.anything({ maxDepth: 4 }), eventish, fc.array(eventish, { maxLength: 5 })), (value) => {
      const bytes = encode(value)
      assertDecoded(decodeDatagram(bytes, NOW, SENDER), `msgpack ${hex(bytes)}`)
      assertDecoded(decodeHttpBody(bytes, 'application/msgpack', NOW, SENDER), `msgpack body ${hex(bytes)}`)
    }), runs)
  })

  test('any JSON value, and any object of event fields, as a JSON body', () => {
    fc.assert(fc.property(fc.oneof(fc.jsonValue({ maxDepth: 4 }), eventish, fc.array(eventish, { maxLength: 5 })), (value) => {
      const text = JSON.stringify(value) ?? 'null'
      assertDecoded(decodeHttpBody(new TextEncoder().encode(text), 'application/json', NOW, SENDER), `JSON ${text.slice(0, 200)}`)
    }), runs)
  })

  test('any text, as text lines over UDP and HTTP', () => {
    const line = fc.string({ unit: fc.oneof(fc.constantFrom('start ', 'end ', 'mark ', 'new ', ' ', '=', '"', '\\', '\n', '\r\n', 'time=', 'host=', '.'), fc.string({ unit: 'binary', minLength: 1, maxLength: 1 })), maxLength: 60 })
    fc.assert(fc.property(line, (text) => {
      const bytes = new TextEncoder().encode(text)
      assertDecoded(decodeDatagram(bytes, NOW, SENDER), `text ${JSON.stringify(text)}`)
      assertDecoded(decodeHttpBody(bytes, 'text/plain', NOW, SENDER), `text body ${JSON.stringify(text)}`)
    }), runs)
  })

  test('values nested thousands deep, in an unknown key and in a known field, msgpack and JSON', () => {
    fc.assert(fc.property(nested, fc.constantFrom('extra', 'attrs', 'name'), (deep, field) => {
      const value = { type: 'start', context: 'c', name: 'n', [field]: deep }
      assertDecoded(decodeDatagram(encode(value, { maxDepth: 10_000 }), NOW, SENDER), `msgpack ${field} nested`)
      const json = new TextEncoder().encode(JSON.stringify(value))
      assertDecoded(decodeHttpBody(json, 'application/json', NOW, SENDER), `JSON ${field} nested`)
    }), { numRuns: 50 })
  })

  test('batches of up to twice the limit keep the output bounded', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 2 * limits.batchItems }), (n) => {
      const items = Array.from({ length: n }, (_, i) => (i % 3 === 0 ? 42 : { type: 'mark', context: 'c', name: `n${i}` }))
      const result = decodeHttpBody(new TextEncoder().encode(JSON.stringify(items)), 'application/json', NOW, SENDER)
      assertDecoded(result, `batch of ${n}`)
      if (n > limits.batchItems) assert.deepEqual(result.refused.map((r) => r.reason), ['too_large'])
      else assert.equal(result.events.length + result.refused.length, n)
    }), { numRuns: 30 })
  })

  test('any bytes, signed or not, to a collector with --udp-key', () => {
    const decode = signedDatagramDecoder(KEY)
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), fc.boolean(), (bytes, sign) => {
      let input: Uint8Array = bytes
      if (sign && bytes.length > 0 && (bytes[0]! >= 0x80 && bytes[0]! <= 0x8e)) input = signDatagram(bytes, KEY)
      const result = decode(input, NOW, SENDER)
      assertDecoded(result, `signed? ${sign} ${hex(input)}`)
      if (!sign) assert.equal(result.events.length, 0, 'nothing unsigned is accepted')
    }), runs)
  })
})

describe('every valid event goes through each format and comes back equal', () => {
  test('UDP msgpack, as the client encodes it', () => {
    fc.assert(fc.property(validEvent, (e) => {
      assert.deepEqual(decodeDatagram(encodeEvent(toClient(e)), NOW, SENDER), { events: [e], refused: [] })
    }), runs)
  })

  test('a msgpack batch over HTTP', () => {
    fc.assert(fc.property(fc.array(validEvent, { maxLength: 8 }), (events) => {
      const body = encodeBatch(events.map(toClient))
      assert.deepEqual(decodeHttpBody(body, 'application/msgpack', NOW, SENDER), { events, refused: [] })
    }), runs)
  })

  test('UDP text lines', () => {
    fc.assert(fc.property(fc.array(validEvent, { minLength: 1, maxLength: 5 }), (events) => {
      const text = events.map((e) => formatTextLine(e)).join('\n')
      assert.deepEqual(decodeDatagram(new TextEncoder().encode(text), NOW, SENDER), { events, refused: [] })
    }), runs)
  })

  test('a JSON batch over HTTP', () => {
    fc.assert(fc.property(fc.array(validEvent, { maxLength: 8 }), (events) => {
      const body = new TextEncoder().encode(JSON.stringify(events.map(asJson)))
      assert.deepEqual(decodeHttpBody(body, 'application/json', NOW, SENDER), { events, refused: [] })
    }), runs)
  })

  test('signed datagrams, with the key; the same events without it; refused with a byte changed', () => {
    const decode = signedDatagramDecoder(KEY)
    fc.assert(fc.property(validEvent, fc.nat(), fc.integer({ min: 1, max: 255 }), (e, at, flip) => {
      const signed = signDatagram(encodeEvent(toClient(e)), KEY)
      assert.deepEqual(decode(signed, NOW, SENDER), { events: [e], refused: [] })
      assert.deepEqual(decodeDatagram(signed, NOW, SENDER), { events: [e], refused: [] })
      const changed = signed.slice()
      changed[at % changed.length]! ^= flip
      const result = decode(changed, NOW, SENDER)
      assert.equal(result.events.length, 0)
      assert.ok(['bad_signature', 'unsigned', 'malformed'].includes(result.refused[0]!.reason), result.refused[0]!.reason)
      assert.deepEqual(signedDatagramDecoder(`${KEY}-other`)(signed, NOW, SENDER).refused.map((r) => r.reason), ['bad_signature'])
    }), runs)
  })

  test('signed text lines', () => {
    const decode = signedDatagramDecoder(KEY)
    fc.assert(fc.property(fc.array(validEvent, { minLength: 1, maxLength: 4 }), fc.boolean(), (events, crlf) => {
      const text = events.map((e) => formatTextLine(e)).join(crlf ? '\r\n' : '\n')
      const signed = signDatagram(new TextEncoder().encode(text), KEY)
      assert.deepEqual(decode(signed, NOW, SENDER), { events, refused: [] })
    }), runs)
  })
})
