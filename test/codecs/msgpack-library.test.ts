// The benchmark that decides between the hand-written msgpack code and @msgpack/msgpack (scripts/bench/udp-ingest.ts)
// runs a collector whose src/codecs/msgpack/index.ts is scripts/bench/lib/msgpack-library.ts. Its figure compares the
// same work only if that build decodes, refuses and stores as the product does: checked here, with the one input
// where the library cannot (bin read as str) named.

import assert from 'node:assert/strict'
import { readFileSync, readdirSync } from 'node:fs'
import { test } from 'node:test'
import fc from 'fast-check'
import * as library from '../../scripts/bench/lib/msgpack-library.ts'
import * as product from '../../src/codecs/msgpack/index.ts'
import type { Decoded, Stored } from '../../src/core/types.ts'
import { packRecord } from '../../src/store/level-record.ts'
import {
  FALSE, NIL, NOW, SENDER, T, TRUE, arr, cat, ext5, float64, int, map, mapOf, str, strBytes, ts32, ts64, ts96, u8, uint64,
} from './bytes.ts'

/** The library words its own malformed-input messages; the reason and the position are what must agree. */
function outcome(d: Decoded): Decoded {
  return { events: d.events, refused: d.refused.map((r) => (r.reason === 'malformed' ? { ...r, detail: 'malformed' } : r)) }
}

function decodesAlike(bytes: Uint8Array): void {
  assert.deepEqual(outcome(library.decodeMsgpack(bytes, NOW, SENDER)), outcome(product.decodeMsgpack(bytes, NOW, SENDER)))
}

test('every msgpack golden file decodes alike', () => {
  const dir = new URL('../../proto/golden/', import.meta.url)
  const files = readdirSync(dir).filter((f) => f.endsWith('.msgpack'))
  assert.ok(files.length >= 5)
  for (const file of files) decodesAlike(new Uint8Array(readFileSync(new URL(file, dir))))
})

const text = fc.oneof(
  fc.constantFrom('ci', 'deploy', 'db.migrate', 'web-1', '1234', '', 'x'.repeat(40), 'é', 'a\u0007b', '\ufeffbom'),
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 6 }),
).map(str)
const deep = (n: number): number[] => (n === 0 ? str('bottom') : arr(deep(n - 1)))
const value: fc.Arbitrary<number[]> = fc.oneof(
  text,
  fc.constantFrom(NIL, TRUE, FALSE, int(0), int(1), int(3), int(-1), float64(2.5), float64(NaN), uint64(2n ** 60n)),
  fc.constantFrom<number[]>([0xd9, 3, 0x61, 0x62, 0x63], [0xd9, 1, 0xff], strBytes([0xed, 0xa0, 0x80])),
  fc.constantFrom(ext5(T, 250_000_000), ext5(T, 2_000_000_000), ts32(T), ts64(T, 5), ts96(T, 7), [0xd4, 5, 1]),
  fc.constantFrom(uint64(BigInt(T) * 1_000_000_000n), deep(3), deep(12)),
  fc.array(text, { maxLength: 3 }).map((items) => arr(...items)),
  // attrs and other maps, with keys the library cannot hold as object keys
  fc.constantFrom(
    map(['k', str('v')]), map(['k', int(1)]), map(['__proto__', str('v')]), mapOf([[int(1), str('v')]]),
    mapOf([[NIL, str('v')]]), mapOf([[strBytes([0xff]), str('v')]]), map(['a', str('1')], ['a', str('2')]),
  ),
)
const good: Record<string, fc.Arbitrary<number[]>> = {
  context: fc.constantFrom('ci', 'deploy').map(str),
  name: fc.oneof(fc.constantFrom('a.b', 'db.migrate').map(str), fc.constant(arr(str('db'), str('migrate')))),
  type: fc.constantFrom(int(0), int(1), int(2), int(3), str('start')),
  time: fc.constantFrom(ext5(T, 250_000_000), ts32(T), ts96(T, 7), uint64(BigInt(T) * 1_000_000_000n), NIL),
  host: fc.constantFrom('web-1', '').map(str),
  autoIP: fc.constantFrom(TRUE, FALSE, NIL),
  timeline: fc.oneof(fc.constantFrom('1234', 'v2').map(str), fc.constant(int(7))),
  status: fc.constantFrom('ok', 'error').map(str),
  message: fc.constantFrom('done', 'two\nlines').map(str),
  attrs: fc.constantFrom(map(['k', str('v')]), map(['__proto__', str('x')]), map(['k', str('\ufeff'.repeat(100))])),
  id: fc.constantFrom('r1', 'r2').map(str),
}
const FIELDS = Object.keys(good)
const field = (f: string) => fc.oneof({ weight: 4, arbitrary: good[f]! }, { weight: 1, arbitrary: value })
/** Keys no event has: unknown words, __proto__, a number, nil, bytes that are not UTF-8. */
const oddKey = fc.constantFrom(str('zzz'), str('__proto__'), int(5), NIL, strBytes([0xff]))
const event = fc.tuple(
  fc.shuffledSubarray(FIELDS, { minLength: 3 }).chain((fields) => fc.tuple(...fields.map((f) => field(f).map((v): [number[], number[]] => [str(f), v])))),
  fc.array(fc.tuple(oddKey, value), { maxLength: 2 }),
).map(([fields, odd]) => mapOf([...fields, ...odd]))
const input = fc.oneof(
  event,
  fc.array(fc.oneof({ weight: 5, arbitrary: event }, { weight: 1, arbitrary: value }), { maxLength: 5 }).map((items) => arr(...items)),
  value,
)

test('any event, batch or value decodes alike, and cut short or followed by a byte is malformed alike', () => {
  fc.assert(fc.property(input, fc.nat(), (bytes, cut) => {
    decodesAlike(u8(bytes))
    decodesAlike(u8(bytes.slice(0, cut % bytes.length)))
    decodesAlike(u8(cat(bytes, [0])))
  }), { numRuns: 1_500 })
})

test('a bin where a string belongs is the one input the library build reads otherwise: as its UTF-8 text', () => {
  const bytes = u8(map(['context', str('ci')], ['name', [0xc4, 1, 0x61]], ['type', int(0)]))
  assert.equal(product.decodeMsgpack(bytes, NOW, SENDER).refused[0]?.reason, 'bad_name')
  assert.equal(library.decodeMsgpack(bytes, NOW, SENDER).events[0]?.name, 'a')
})

const stored: fc.Arbitrary<Stored> = fc.record({
  kind: fc.constantFrom('start', 'end', 'mark', 'new'),
  context: fc.constant('ci'),
  timeline: fc.constant('1'),
  name: fc.string({ unit: 'grapheme', maxLength: 30 }),
  host: fc.oneof(fc.constant('web-1'), fc.string({ unit: 'binary', maxLength: 300 }).map((s) => `\ufeff${s}`)),
  time: fc.double({ min: 0, max: 4e12, noNaN: true }),
  received: fc.integer({ min: 0, max: 2 ** 42 }),
  status: fc.option(fc.string({ maxLength: 10 }), { nil: undefined }),
  message: fc.option(fc.string({ unit: 'binary', maxLength: 400 }), { nil: undefined }),
  attrs: fc.option(fc.dictionary(fc.oneof(fc.constant('__proto__'), fc.string({ minLength: 1, maxLength: 8 })), fc.string(), { maxKeys: 4 })
    .map((o) => Object.fromEntries(Object.entries(o))), { nil: undefined }),
  id: fc.option(fc.string({ maxLength: 8 }), { nil: undefined }),
}, { requiredKeys: ['kind', 'context', 'timeline', 'name', 'host', 'time', 'received'] }) as fc.Arbitrary<Stored>

test('LevelDB records written by either build read back the same with either, a leading U+FEFF and __proto__ kept', () => {
  const ours = new product.Packer()
  const theirs = new library.Packer()
  fc.assert(fc.property(fc.array(stored, { maxLength: 6 }), (messages) => {
    const mine = packRecord(ours, messages)
    const expected = product.unpack(mine)
    assert.deepEqual(product.unpack(packRecord(theirs as unknown as product.Packer, messages)), expected)
    assert.deepEqual(library.unpack(mine), expected)
    const info = { context: 'ci', id: '1', created: 5, note: messages[0]?.host }
    assert.deepEqual(library.unpack(ours.pack(info)), product.unpack(theirs.pack(info)))
  }), { numRuns: 500 })
})
