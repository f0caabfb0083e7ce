import assert from 'node:assert/strict'
import { test } from 'node:test'
import { limits } from '../../src/core/limits.ts'
import { decodeHttpBody } from '../../src/codecs/http-body.ts'
import { NOW, SENDER, T, ext5, map, str, u8, utf8 } from './bytes.ts'

const json = (body: unknown, type: string | undefined = 'application/json') => decodeHttpBody(utf8(JSON.stringify(body)), type, NOW)

test('one JSON object is one event, with the type as a word or a number', () => {
  assert.deepEqual(json({ type: 'start', context: 'ci', name: 'build', time: T * 1000 }), {
    events: [{ kind: 'start', context: 'ci', name: 'build', host: '', time: T * 1000 }],
    refused: [],
  })
  assert.equal(json({ type: 2, context: 'ci', name: 'x' }).events[0]?.kind, 'mark')
  assert.equal(json({ kind: 'end', context: 'ci', name: 'x' }).events[0]?.kind, 'end')
})

test('a JSON time is RFC 3339 text or Unix milliseconds, fractions kept', () => {
  assert.equal(json({ type: 0, context: 'c', name: 'x', time: '2024-05-01T11:59:50.000001Z' }).events[0]?.time, T * 1000 + 0.001)
  assert.equal(json({ type: 0, context: 'c', name: 'x', time: T * 1000 + 0.5 }).events[0]?.time, T * 1000 + 0.5)
})

test('a missing content type, +json types and parameters all mean JSON', () => {
  const body = { type: 0, context: 'c', name: 'x' }
  for (const type of [undefined, '', 'application/json; charset=utf-8', 'Application/JSON', 'application/cloudevents+json']) {
    assert.equal(json(body, type).events.length, 1, String(type))
  }
})

test('msgpack bodies are read under all three msgpack media types', () => {
  const body = u8(map(['context', str('c')], ['name', str('x')], ['type', [0]], ['time', ext5(T, 0)]))
  for (const type of ['application/msgpack', 'application/x-msgpack', 'application/vnd.msgpack']) {
    assert.equal(decodeHttpBody(body, type, NOW).events[0]?.time, T * 1000, type)
  }
})

test('text/plain bodies are read as text lines', () => {
  assert.equal(decodeHttpBody(utf8('start c x\nend c x'), 'text/plain', NOW).events.length, 2)
})

test('any other content type is refused as unsupported', () => {
  assert.deepEqual(decodeHttpBody(utf8('<x/>'), 'application/xml', NOW), {
    events: [],
    refused: [{ index: 0, reason: 'unsupported_media_type', detail: 'content type "application/xml" is not supported: expected application/json, application/msgpack, text/x-upto or text/plain' }],
  })
})

test('a body over the limit is refused as too large before it is read', () => {
  const result = decodeHttpBody(new Uint8Array(limits.bodyBytes + 1), 'application/json', NOW)
  assert.deepEqual(result.refused, [{ index: 0, reason: 'too_large', detail: 'body is 1048577 bytes: expected at most 1048576' }])
})

test('a JSON array over the batch limit is refused as too large', () => {
  const result = json(Array.from({ length: 1001 }, () => ({ type: 0, context: 'c', name: 'x' })))
  assert.deepEqual(result.refused, [{ index: 0, reason: 'too_large', detail: 'batch has 1001 events: expected at most 1000' }])
})

test('JSON that does not parse or is not UTF-8 is malformed', () => {
  const broken = decodeHttpBody(utf8('{"type": 0,'), 'application/json', NOW).refused[0]
  assert.equal(broken?.reason, 'malformed')
  assert.match(broken?.detail ?? '', /^JSON does not parse \(.+\): expected one object or an array of objects$/)
  assert.equal(decodeHttpBody(Uint8Array.of(0x22, 0xff, 0x22), undefined, NOW).refused[0]?.detail, 'JSON body is not valid UTF-8: expected UTF-8 text')
  assert.equal(decodeHttpBody(new Uint8Array(0), undefined, NOW).refused[0]?.reason, 'malformed')
})

test('JSON scalars and nested arrays are not events', () => {
  assert.equal(json(42).refused[0]?.detail, 'item is a number: expected an object of event fields')
  assert.deepEqual(json([null, [1], 'x']).refused.map((r) => r.detail), [
    'item is null: expected an object of event fields',
    'item is an array: expected an object of event fields',
    'item is a string: expected an object of event fields',
  ])
})

test('an empty JSON array is accepted as an empty batch', () => {
  assert.deepEqual(json([]), { events: [], refused: [] })
})

test('deeply nested JSON is refused where it sits, without a crash', () => {
  const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`
  const body = `{"type":0,"context":"c","name":"x","attrs":{"k":${deep}},"extra":${deep}}`
  assert.equal(decodeHttpBody(utf8(body), 'application/json', NOW).refused[0]?.detail, 'attr "k" is an array: expected a string of at most 1024 bytes')
})

test('JSON autoIP uses the sender only when the receiver passes one', () => {
  const body = utf8(JSON.stringify({ type: 0, context: 'c', name: 'x', host: 'h', autoIP: true }))
  assert.equal(decodeHttpBody(body, undefined, NOW, SENDER).events[0]?.host, SENDER)
  assert.equal(decodeHttpBody(body, undefined, NOW).events[0]?.host, 'h')
})

test('a JSON name may be the original array of segments', () => {
  assert.equal(json({ type: 0, context: 'c', name: ['a', 'b', 'c'] }).events[0]?.name, 'a.b.c')
})
