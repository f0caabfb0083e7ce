import assert from 'node:assert/strict'
import { test } from 'node:test'
import { decodeDatagram } from '../../src/codecs/datagram.ts'
import {
  FALSE, NIL, NOW, SENDER, T, TRUE, arr, be, cat, ext5, float64, int, int64, map, mapOf, original, str, strBytes, ts32, ts64,
  ts96, u8, uint64,
} from './bytes.ts'

const decode = (bytes: number[]) => decodeDatagram(u8(bytes), NOW, SENDER)
const one = (...entries: Array<[string, number[]]>) => decode(map(...entries))
const base: Array<[string, number[]]> = [['context', str('ci')], ['name', str('build')], ['type', [0]]]

test('a start from the original Go client decodes with its name segments joined by dots', () => {
  assert.deepEqual(decode(original('deploy', ['db', 'migrate'], 0, ext5(T, 250_000_000), 'web-1')), {
    events: [{ kind: 'start', context: 'deploy', name: 'db.migrate', host: 'web-1', time: T * 1000 + 250 }],
    refused: [],
  })
})

test('the four original message types decode to start, end, mark and new', () => {
  const kinds = [0, 1, 2, 3].map((type) => decode(original('c', ['x'], type, ext5(T, 0), 'h')).events[0]?.kind)
  assert.deepEqual(kinds, ['start', 'end', 'mark', 'new'])
})

test('a new from the original client, with the zero time and empty name and host, is accepted without a time', () => {
  const result = decode(original('deploy', [], 3, ext5(-62135596800n, 0), ''))
  assert.deepEqual(result, { events: [{ kind: 'new', context: 'deploy', name: '', host: '' }], refused: [] })
})

test('a new is never refused for its time, even an unreadable one', () => {
  const result = one(['context', str('deploy')], ['type', [3]], ['time', str('not a time')])
  assert.equal(result.events[0]?.kind, 'new')
  assert.equal(result.events[0]?.time, undefined)
})

test('autoIP true replaces the host with the sender address', () => {
  assert.equal(decode(original('c', ['x'], 0, ext5(T, 0), 'given', true)).events[0]?.host, SENDER)
  assert.equal(decode(original('c', ['x'], 0, ext5(T, 0), 'given', false)).events[0]?.host, 'given')
})

test('autoIP that is not a boolean is refused as a bad host', () => {
  const result = one(...base, ['autoIP', str('yes')])
  assert.deepEqual(result.refused, [{ index: 0, reason: 'bad_host', detail: 'autoIP "yes" is not a boolean: expected true or false' }])
})

test('keys may come in any order', () => {
  const forward = one(['context', str('c')], ['name', str('a.b')], ['type', [1]], ['time', ext5(T, 0)], ['host', str('h')])
  const backward = one(['host', str('h')], ['time', ext5(T, 0)], ['type', [1]], ['name', str('a.b')], ['context', str('c')])
  assert.deepEqual(backward, forward)
  assert.equal(forward.events.length, 1)
})

test('unknown keys are skipped whatever they hold, nested maps and arrays included', () => {
  const result = one(
    ['zzz', map(['deep', arr(arr(arr(map(['x', [1]]))))])],
    ...base,
    ['blob', [0xc4, 3, 1, 2, 3]],
    ['ext', [0xd4, 7, 0]],
  )
  assert.deepEqual(result, { events: [{ kind: 'start', context: 'ci', name: 'build', host: '' }], refused: [] })
})

test('keys that are not strings are skipped with their values', () => {
  const bytes = mapOf([[str('context'), str('ci')], [int(7), str('x')], [arr(int(1)), map(['a', [1]])], [str('name'), str('b')], [str('type'), [0]]])
  assert.equal(decode(bytes).events.length, 1)
})

test('when a key repeats the last value wins', () => {
  assert.equal(one(...base, ['host', str('first')], ['host', str('second')]).events[0]?.host, 'second')
})

test('the msgp time extension keeps nanoseconds as a fraction of a millisecond', () => {
  assert.equal(one(...base, ['time', ext5(T, 123_456_789)]).events[0]?.time, T * 1000 + 123.456789)
})

test('the msgpack timestamp extension is read in its 32, 64 and 96 bit forms', () => {
  const times = [ts32(T), ts64(T, 500_000_000), ts96(T, 1)].map((time) => one(...base, ['time', time]).events[0]?.time)
  assert.deepEqual(times, [T * 1000, T * 1000 + 500, T * 1000 + 1e-6])
})

test('an integer time is Unix nanoseconds, read exactly beyond 2^53', () => {
  const ns = 1714564790123456789n
  assert.equal(one(...base, ['time', uint64(ns)]).events[0]?.time, 1714564790123 + 0.456789)
  assert.equal(one(...base, ['time', int64(ns)]).events[0]?.time, 1714564790123 + 0.456789)
})

test('an RFC 3339 string time is accepted in msgpack too', () => {
  assert.equal(one(...base, ['time', str('2024-05-01T11:59:50Z')]).events[0]?.time, T * 1000)
})

test('a time in an unknown extension or with too many nanoseconds is refused as a bad time', () => {
  const other = one(...base, ['time', [0xd6, 3, 0, 0, 0, 0]]).refused[0]
  assert.equal(other?.reason, 'bad_time')
  assert.match(other?.detail ?? '', /^time is an extension of type 3 with 4 bytes: expected ext 5/)
  const nanos = one(...base, ['time', ext5(T, 1_500_000_000)]).refused[0]
  assert.equal(nanos?.detail, 'time has 1500000000 nanoseconds: expected 0 to 999999999 after the seconds')
})

test('a time that is a boolean or a map is refused as a bad time', () => {
  assert.equal(one(...base, ['time', TRUE]).refused[0]?.detail, 'time is a boolean: expected ext 5 (12 bytes), a msgpack timestamp (ext -1) or an integer of Unix nanoseconds')
  assert.equal(one(...base, ['time', map()]).refused[0]?.reason, 'bad_time')
})

test('a NaN or infinite float time is refused', () => {
  for (const x of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
    const refusal = one(...base, ['time', float64(x)]).refused[0]
    assert.equal(refusal?.reason, 'bad_time')
    assert.match(refusal?.detail ?? '', /is not a finite number/)
  }
})

test('a nil time counts as no time', () => {
  assert.deepEqual(one(...base, ['time', NIL]).events[0], { kind: 'start', context: 'ci', name: 'build', host: '' })
})

test('a str with invalid UTF-8 is refused and names its field', () => {
  const bad = strBytes([0x61, 0xc3, 0x28])
  assert.equal(one(['context', str('c')], ['name', bad], ['type', [0]]).refused[0]?.detail, 'name is not valid UTF-8 (bytes 61 c3 28): expected a string of dotted segments like deploy.db.migrate')
  assert.equal(one(...base, ['host', bad]).refused[0]?.reason, 'bad_host')
  assert.equal(one(['context', str('c')], ['name', arr(str('a'), bad)], ['type', [0]]).refused[0]?.detail, 'name segment 1 is not valid UTF-8 (bytes 61 c3 28): expected a string')
  assert.equal(one(...base, ['attrs', mapOf([[bad, str('v')]])]).refused[0]?.reason, 'bad_attrs')
  assert.equal(one(...base, ['attrs', map(['k', bad])]).refused[0]?.detail, 'attr "k" is not valid UTF-8 (bytes 61 c3 28): expected a string of at most 1024 bytes')
})

test('overlong encodings and surrogates in UTF-8 are invalid too', () => {
  for (const bytes of [[0xc0, 0x80], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80]]) {
    assert.equal(one(['context', strBytes(bytes)], ['name', str('x')], ['type', [0]]).refused[0]?.reason, 'bad_context')
  }
})

test('an array of maps is a batch whose refusals carry their positions', () => {
  const result = decode(arr(map(...base), int(5), map(['context', str('ci')], ['type', [0]]), map(...base)))
  assert.equal(result.events.length, 2)
  assert.deepEqual(result.refused.map((r) => [r.index, r.reason]), [[1, 'not_an_event'], [2, 'bad_name']])
})

test('an empty batch decodes to nothing at all', () => {
  assert.deepEqual(decode(arr()), { events: [], refused: [] })
})

test('a batch over the item limit is refused whole as too large', () => {
  const items = Array.from({ length: 1001 }, () => [0xc0])
  const result = decode(cat([0xdc], be(1001, 2), ...items))
  assert.deepEqual(result, { events: [], refused: [{ index: 0, reason: 'too_large', detail: 'batch has 1001 events: expected at most 1000' }] })
})

test('a scalar or an array of scalars is not an event', () => {
  assert.deepEqual(decode([0xc3]).refused, [{ index: 0, reason: 'not_an_event', detail: 'item is a boolean: expected a map of event fields' }])
  assert.deepEqual(decode(arr(arr(), str('x'))).refused.map((r) => r.detail), [
    'item is an array: expected a map of event fields',
    'item is a string: expected a map of event fields',
  ])
})

test('truncated msgpack is refused whole as malformed', () => {
  const full = original('deploy', ['db', 'migrate'], 0, ext5(T, 0), 'web-1')
  for (let cut = 1; cut < full.length; cut++) {
    const result = decode(full.slice(0, cut))
    assert.equal(result.events.length, 0, `cut at ${cut}`)
    assert.equal(result.refused[0]?.reason, 'malformed', `cut at ${cut}`)
  }
})

test('bytes after the value, and the never-used byte 0xc1, are malformed', () => {
  assert.equal(decode([...map(...base), 0x00]).refused[0]?.detail, 'msgpack does not decode (1 bytes follow the value at byte 29): expected one map or an array of maps')
  assert.equal(decode(map(...base, ['x', [0xc1]])).refused[0]?.reason, 'malformed')
})

test('container lengths larger than the bytes that follow are malformed, not allocated', () => {
  assert.equal(decode([0xdf, 0xff, 0xff, 0xff, 0xff]).refused[0]?.reason, 'malformed')
  assert.equal(decode(map(...base, ['x', [0xdd, 0xff, 0xff, 0xff, 0xff]])).refused[0]?.reason, 'malformed')
  assert.equal(decode(map(...base, ['x', [0xdb, 0x7f, 0xff, 0xff, 0xff]])).refused[0]?.reason, 'malformed')
})

test('deeply nested values are skipped in unknown keys and refused in known fields', () => {
  const deep = cat(Array(20_000).fill(0x91), [0x01])
  assert.equal(one(...base, ['junk', deep]).events.length, 1)
  assert.equal(one(...base, ['attrs', map(['k', deep])]).refused[0]?.detail, 'attr "k" is an array: expected a string of at most 1024 bytes')
  assert.equal(decode(deep).refused[0]?.reason, 'not_an_event')
})

test('a type that is a big integer, a float or a string word is handled', () => {
  assert.equal(one(['context', str('c')], ['name', str('x')], ['type', uint64(2n ** 63n)]).refused[0]?.detail.startsWith('type 9223372036854775808 is not known'), true)
  assert.equal(one(['context', str('c')], ['name', str('x')], ['type', float64(1.5)]).refused[0]?.reason, 'bad_type')
  assert.equal(one(['context', str('c')], ['name', str('x')], ['type', str('event')]).events[0]?.kind, 'mark')
})

test('a name of 10,000 segments is refused before it is joined', () => {
  const segments = Array.from({ length: 10_000 }, () => str('a'))
  const result = one(['context', str('c')], ['name', arr(...segments)], ['type', [0]])
  assert.deepEqual(result.refused, [{ index: 0, reason: 'bad_name', detail: 'name has 10000 segments: expected at most 32 dotted segments like deploy.db.migrate' }])
})

test('binary data where a string belongs is refused naming the field', () => {
  assert.equal(one(...base, ['status', [0xc4, 2, 0x6f, 0x6b]]).refused[0]?.detail, 'status is binary data: expected a single word of at most 64 bytes, like ok or error')
})

test('integer timeline and id values are taken as their decimal text', () => {
  const event = one(...base, ['timeline', int(1234)], ['id', uint64(2n ** 64n - 1n)]).events[0]
  assert.equal(event?.timeline, '1234')
  assert.equal(event?.id, '18446744073709551615')
})

test('nil extension keys count as absent and false autoIP keeps the host', () => {
  const event = one(...base, ['timeline', NIL], ['status', NIL], ['attrs', NIL], ['autoIP', FALSE], ['host', str('h')]).events[0]
  assert.deepEqual(event, { kind: 'start', context: 'ci', name: 'build', host: 'h' })
})
