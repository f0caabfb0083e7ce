import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { test } from 'node:test'
import { decodeDatagram } from '../../src/codecs/datagram.ts'
import { type ClientEvent, encodeBatch, encodeEvent } from '../../src/codecs/encode.ts'
import { decodeHttpBody } from '../../src/codecs/http-body.ts'
import { FALSE, NOW, SENDER, T, TRUE, arr, ext5, map, str, u8 } from './bytes.ts'

const start: ClientEvent = { kind: 'start', context: 'deploy', name: 'db.migrate', host: 'web-1', time: T * 1000 + 123.5 }

test('an event is encoded as the original six keys, with the name as one string', () => {
  const expected = map(
    ['context', str('deploy')], ['name', str('db.migrate')], ['type', [0]],
    ['time', ext5(T, 123_500_000)], ['host', str('web-1')], ['autoIP', FALSE],
  )
  assert.deepEqual(encodeEvent(start), u8(expected))
})

test('extension keys follow the six original keys, only when set', () => {
  const event: ClientEvent = { ...start, kind: 'end', autoIP: true, timeline: '42', status: 'ok', message: 'done', id: 'r1', attrs: { a: 'b' } }
  const expected = map(
    ['context', str('deploy')], ['name', str('db.migrate')], ['type', [1]], ['time', ext5(T, 123_500_000)],
    ['host', str('web-1')], ['autoIP', TRUE], ['timeline', str('42')], ['status', str('ok')], ['message', str('done')],
    ['id', str('r1')], ['attrs', map(['a', str('b')])],
  )
  assert.deepEqual(encodeEvent(event), u8(expected))
})

const roundTrips: ClientEvent[] = [
  start,
  { kind: 'end', context: 'deploy', name: 'db.migrate', host: '', time: T * 1000, status: 'error', message: 'x'.repeat(300) },
  { kind: 'mark', context: 'c'.repeat(200), name: 'a.b.c', host: 'h', time: 0, timeline: '1234', id: 'retry-1' },
  { kind: 'start', context: 'ünïcode ✓', name: 'step.😀', host: 'h', time: T * 1000 + 0.5, attrs: Object.fromEntries(Array.from({ length: 64 }, (_, i) => [`k${i}`, 'v'.repeat(i * 16)])) },
  { kind: 'new', context: 'deploy', name: '', host: '', time: T * 1000, timeline: 'v2.3' },
]

for (const event of roundTrips) {
  test(`encodeEvent then decodeDatagram gives back a ${event.kind} event`, () => {
    const { time, ...rest } = event
    const expected = event.kind === 'new' ? rest : event
    assert.deepEqual(decodeDatagram(encodeEvent(event), NOW, SENDER), { events: [expected], refused: [] })
  })
}

test('a message longer than 65535 bytes still encodes (str32) and is refused by size, not by shape', () => {
  const result = decodeHttpBody(encodeEvent({ ...start, message: 'x'.repeat(70_000) }), 'application/msgpack', NOW)
  assert.equal(result.refused[0]?.reason, 'bad_message')
})

test('autoIP asks the collector to use the sender address', () => {
  assert.equal(decodeDatagram(encodeEvent({ ...start, autoIP: true }), NOW, SENDER).events[0]?.host, SENDER)
})

test('a time that is not a number goes out as the zero time, which the collector refuses', () => {
  const result = decodeDatagram(encodeEvent({ ...start, time: Number.NaN }), NOW, SENDER)
  assert.equal(result.refused[0]?.detail, 'time 0001-01-01T00:00:00.000Z is before 1970-01-01: expected a time from 1970 on')
})

test('a nanosecond fraction that rounds up to a whole second carries into the seconds', () => {
  const result = decodeDatagram(encodeEvent({ ...start, time: T * 1000 + 999.9999999 }), NOW, SENDER)
  assert.equal(result.events[0]?.time, (T + 1) * 1000)
})

test('encodeBatch writes one msgpack array that decodes to every event', () => {
  const events = Array.from({ length: 20 }, (_, i): ClientEvent => ({ ...start, name: `step${i}` }))
  const bytes = encodeBatch(events)
  assert.deepEqual(bytes.subarray(0, 3), Uint8Array.of(0xdc, 0, 20))
  assert.deepEqual(decodeHttpBody(bytes, 'application/msgpack', NOW), { events, refused: [] })
  assert.deepEqual(encodeBatch([]), u8(arr()))
})

test('the client encoder imports nothing but its small writer', () => {
  for (const file of ['encode.ts', 'msgpack/writer.ts']) {
    const source = readFileSync(new URL(`../../src/codecs/${file}`, import.meta.url), 'utf8')
    const imports = [...source.matchAll(/^import (?!type ).*from '([^']+)'/gm)].map((m) => m[1])
    assert.deepEqual(imports, file === 'encode.ts' ? ['./msgpack/writer.ts'] : [], file)
  }
})
