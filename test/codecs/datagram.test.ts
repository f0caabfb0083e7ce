import assert from 'node:assert/strict'
import { test } from 'node:test'
import { limits } from '../../src/core/limits.ts'
import { decodeDatagram, startsAsText } from '../../src/codecs/datagram.ts'
import { NOW, SENDER, arr, map, str, u8, utf8 } from './bytes.ts'

test('the first byte tells msgpack from text', () => {
  for (const b of [0x80, 0x86, 0x8f, 0x90, 0x9f, 0xdc, 0xdd, 0xde, 0xdf]) assert.equal(startsAsText(b), false, b.toString(16))
  for (const c of 'semn \t\r\n') assert.equal(startsAsText(c.charCodeAt(0)), true, JSON.stringify(c))
})

test('a msgpack map and a text line saying the same thing decode alike', () => {
  const packed = decodeDatagram(u8(map(['context', str('c')], ['name', str('a.b')], ['type', [0]])), NOW, SENDER)
  assert.deepEqual(decodeDatagram(utf8('start c a.b'), NOW, SENDER), packed)
})

test('an empty datagram is malformed', () => {
  assert.deepEqual(decodeDatagram(new Uint8Array(0), NOW, SENDER), {
    events: [],
    refused: [{ index: 0, reason: 'malformed', detail: 'datagram is empty: expected a msgpack map or text lines' }],
  })
})

test('a datagram over the UDP limit is refused as too large', () => {
  const result = decodeDatagram(new Uint8Array(limits.datagramBytes + 1), NOW, SENDER)
  assert.deepEqual(result.refused, [{ index: 0, reason: 'too_large', detail: 'datagram is 65508 bytes: expected at most 65507' }])
})

test('a datagram exactly at the limit is read', () => {
  const filler = 'x'.repeat(limits.datagramBytes - 40)
  const bytes = u8(map(['context', str('c')], ['name', str('a')], ['type', [0]], ['pad', str(filler)]))
  const padded = new Uint8Array(limits.datagramBytes)
  assert.ok(bytes.length <= limits.datagramBytes)
  padded.set(bytes)
  // trailing zero bytes make it malformed, but it was read, not refused for size
  assert.equal(decodeDatagram(padded.subarray(0, bytes.length), NOW, SENDER).events.length, 1)
})

test('a datagram that is only blank lines holds no events and no refusals', () => {
  assert.deepEqual(decodeDatagram(utf8('\n\r\n  \n'), NOW, SENDER), { events: [], refused: [] })
})

test('a batch of one map per item keeps positions across the datagram', () => {
  const item = map(['context', str('c')], ['name', str('a')], ['type', [0]])
  const result = decodeDatagram(u8(arr(item, map(['type', [0]]), item)), NOW, SENDER)
  assert.equal(result.events.length, 2)
  assert.deepEqual(result.refused.map((r) => [r.index, r.reason]), [[1, 'bad_context']])
})
