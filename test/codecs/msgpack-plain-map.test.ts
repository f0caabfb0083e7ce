// The common datagram has a one-pass reader (msgpack/plain-map.ts) beside the general one, and both remember
// the context, host and timeline of the datagram before: whatever the fields hold and whatever came before,
// a map decodes alike both ways. A key no event has sends a map down the general path.

import assert from 'node:assert/strict'
import { test } from 'node:test'
import fc from 'fast-check'
import { decodeDatagram } from '../../src/codecs/datagram.ts'
import { KnownKeys } from '../../src/codecs/msgpack/reader.ts'
import {
  FALSE, NIL, NOW, SENDER, T, TRUE, arr, ext5, float64, int, map, str, strBytes, ts32, ts64, ts96, u8, uint64,
} from './bytes.ts'

type Entry = [string, number[]]

const decode = (entries: Entry[]) => decodeDatagram(u8(map(...entries)), NOW, SENDER)

/** Text a field may hold: plain ASCII, long, empty, with control characters, not ASCII, not UTF-8. */
const text = fc.oneof(
  fc.constantFrom('ci', 'cj', 'deploy', 'db.migrate', 'web-1', '1234', 'latest', '', 'a..b', 'x'.repeat(40), 'é', 'a\u0007b'),
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 6 }),
).map(str)
const value: fc.Arbitrary<number[]> = fc.oneof(
  text,
  fc.constantFrom(NIL, TRUE, FALSE, int(0), int(1), int(3), int(-1), int(7), float64(2.5), uint64(2n ** 60n)),
  fc.constantFrom<number[]>([0xd9, 3, 0x61, 0x62, 0x63], [0xd9, 1, 0xff], [0xc4, 1, 7]),
  fc.constantFrom(ext5(T, 250_000_000), ext5(T, 2_000_000_000), ts32(T), ts64(T, 5), ts96(T, 7), [0xd4, 5, 1]),
  fc.constantFrom<number[]>([0xd5, 0xff, 1, 2], [0xd8, 9, ...new Array<number>(16).fill(1)], [0xc7, 2, 5, 1, 2]),
  fc.array(text, { maxLength: 3 }).map((items) => arr(...items)),
  fc.constantFrom(arr(str('a'), int(1)), map(['k', str('v')]), map(['k', int(1)])),
)
/** What each field holds in a good event, mostly, so that refusals early in an event hide little. */
const good: Record<string, fc.Arbitrary<number[]>> = {
  context: fc.constantFrom('ci', 'cj', 'deploy').map(str),
  name: fc.oneof(fc.constantFrom('a.b', 'compile', 'db.migrate').map(str), fc.constant(arr(str('db'), str('migrate')))),
  type: fc.constantFrom(int(0), int(1), int(2), int(3), str('start')),
  time: fc.constantFrom(ext5(T, 250_000_000), ts32(T), ts64(T, 5), ts96(T, 7), uint64(BigInt(T) * 1_000_000_000n), NIL),
  host: fc.constantFrom('web-1', 'web-2', '').map(str),
  autoIP: fc.constantFrom(TRUE, FALSE, NIL),
  timeline: fc.oneof(fc.constantFrom('1234', '1235', 'v2').map(str), fc.constant(int(7))),
  status: fc.constantFrom('ok', 'error').map(str),
  message: fc.constantFrom('done', 'two\nlines').map(str),
  attrs: fc.constant(map(['k', str('v')])),
  id: fc.constantFrom('r1', 'r2').map(str),
}
const FIELDS = Object.keys(good)
const entry = fc.constantFrom(...FIELDS).chain((field) =>
  fc.oneof({ weight: 4, arbitrary: good[field]! }, { weight: 1, arbitrary: value }).map((v): Entry => [field, v]))
const entries = fc.oneof(
  fc.shuffledSubarray(FIELDS, { minLength: 3 }).chain((fields) =>
    fc.tuple(...fields.map((f) => fc.oneof({ weight: 4, arbitrary: good[f]! }, { weight: 1, arbitrary: value }).map((v): Entry => [f, v])))),
  fc.array(entry, { maxLength: 9 }),
)

test('every map decodes alike in one pass and through the general reader, after any other', () => {
  fc.assert(
    fc.property(fc.array(entries, { minLength: 1, maxLength: 6 }), (datagrams) => {
      for (const fields of datagrams) {
        const general = decode([...fields, ['zzz', int(1)]])
        assert.deepEqual(decode(fields), general)
        assert.deepEqual(decode([['zzz', NIL], ...fields]), general)
      }
    }),
    { numRuns: 500 },
  )
})

test('a context, host or timeline like the one before, but not the same, is read as itself', () => {
  const event = (context: string, host: string, timeline: string): Entry[] =>
    [['context', str(context)], ['name', str('a.b')], ['type', int(0)], ['time', ext5(T, 0)], ['host', str(host)], ['timeline', str(timeline)]]
  const seen = [
    event('ci', 'web-1', '1234'),
    event('cj', 'web-2', '1235'),
    event('cj', 'web-2', '1235'),
    event('c', 'web-22', '12'),
    event('ci', 'web-1', '1234'),
  ].map((fields) => decode(fields).events[0])
  assert.deepEqual(seen.map((e) => [e?.context, e?.host, e?.timeline]), [
    ['ci', 'web-1', '1234'], ['cj', 'web-2', '1235'], ['cj', 'web-2', '1235'], ['c', 'web-22', '12'], ['ci', 'web-1', '1234'],
  ])
})

test('a str of 8-bit length and a fixext time are read in one pass too', () => {
  const long = 'x'.repeat(40)
  const result = decode([['context', strBytes([...Buffer.from(long)])], ['name', str('a')], ['type', int(2)], ['time', ts32(T)]])
  assert.deepEqual(result, { events: [{ kind: 'mark', context: long, name: 'a', host: '', time: T * 1000 }], refused: [] })
})

test('known keys are found by their bytes, and nothing else is', () => {
  const keys = new KnownKeys(['type', 'time', 'timeline', 'id'])
  const find = (s: string) => {
    const bytes = Buffer.from(`..${s}..`)
    return keys.find(bytes, 2, s.length)
  }
  assert.deepEqual(['type', 'time', 'timeline', 'id', 'tim', 'timf', 'Type', '', 'timelines'].map(find), [0, 1, 2, 3, -1, -1, -1, -1, -1])
  assert.throws(() => new KnownKeys(['é']), RangeError)
})
