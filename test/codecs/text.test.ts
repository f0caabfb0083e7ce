import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { Incoming } from '../../src/core/types.ts'
import { decodeDatagram } from '../../src/codecs/datagram.ts'
import { decodeText, formatTextLine } from '../../src/codecs/text.ts'
import { NOW, SENDER, T, utf8 } from './bytes.ts'

const lines = (text: string) => decodeDatagram(utf8(text), NOW, SENDER)

test('a shell line becomes an event with no time: the collector uses the receive time', () => {
  assert.deepEqual(lines('start deploy db.migrate'), {
    events: [{ kind: 'start', context: 'deploy', name: 'db.migrate', host: '' }],
    refused: [],
  })
})

test('every verb is known: start, end, mark, event and new', () => {
  const kinds = lines('start c a\nend c a\nmark c a\nevent c a\nnew c').events.map((e) => e.kind)
  assert.deepEqual(kinds, ['start', 'end', 'mark', 'mark', 'new'])
})

test('several lines with \\r\\n endings and blank lines decode in order', () => {
  const result = lines('\r\nstart c a\r\n\r\n   \r\nend c a\r\n')
  assert.deepEqual(result.events.map((e) => e.kind), ['start', 'end'])
  assert.equal(lines('start c a\r').events[0]?.name, 'a')
})

test('known keys fill fields and other keys become attrs', () => {
  const result = lines('end deploy db.migrate host=web-1 timeline=42 status=error message="disk full" id=r1 commit=ab12 branch=main')
  assert.deepEqual(result.events[0], {
    kind: 'end', context: 'deploy', name: 'db.migrate', host: 'web-1', timeline: '42', status: 'error',
    message: 'disk full', id: 'r1', attrs: { commit: 'ab12', branch: 'main' },
  })
})

test('quoted values take backslash escapes', () => {
  const event = lines('mark c a message="say \\"hi\\"\\n\\tback\\\\slash"').events[0]
  assert.equal(event?.message, 'say "hi"\n\tback\\slash')
})

test('quoted context and name may hold spaces and equals signs', () => {
  const event = lines('start "my context" "a=b c" k="x y"').events[0]
  assert.deepEqual(event, { kind: 'start', context: 'my context', name: 'a=b c', host: '', attrs: { k: 'x y' } })
})

test('time= takes Unix milliseconds or RFC 3339', () => {
  assert.equal(lines(`start c a time=${T * 1000}.5`).events[0]?.time, T * 1000 + 0.5)
  assert.equal(lines('start c a time=2024-05-01T11:59:50Z').events[0]?.time, T * 1000)
  assert.equal(lines('start c a time=soon').refused[0]?.detail, 'time "soon" is not a valid time: expected an RFC 3339 time like 2024-05-01T12:00:00Z or Unix milliseconds')
})

test('autoip=true sets the host to the sender, autoip=false keeps it, other values are refused', () => {
  assert.equal(lines('start c a host=h autoip=true').events[0]?.host, SENDER)
  assert.equal(lines('start c a host=h autoIP=false').events[0]?.host, 'h')
  assert.equal(lines('start c a autoip=yes').refused[0]?.detail, 'autoIP "yes" is not a boolean: expected true or false')
})

test('a line with an unknown verb, no context or no name is refused with the right reason', () => {
  const result = lines('begin c a\nstart\nstart c\nnew')
  assert.deepEqual(result.refused.map((r) => [r.index, r.reason]), [[0, 'bad_type'], [1, 'bad_context'], [2, 'bad_name'], [3, 'bad_context']])
})

test('an unterminated quote, a value with no key or an extra word make the line malformed', () => {
  const result = lines('start c a message="open\nstart c a =v\nstart c a b')
  assert.deepEqual(result.refused, [
    { index: 0, reason: 'malformed', detail: 'line "start c a message=\\"open" has an unterminated quote: expected a closing "' },
    { index: 1, reason: 'malformed', detail: 'line "start c a =v" has a value with no key: expected key=value' },
    { index: 2, reason: 'malformed', detail: 'line "start c a b" has an extra word "b": expected key=value after CONTEXT and NAME' },
  ])
})

test('good lines are kept when other lines of the datagram are refused', () => {
  const result = lines('start c a\nbogus\nend c a')
  assert.equal(result.events.length, 2)
  assert.deepEqual(result.refused.map((r) => r.index), [1])
})

test('more than 1000 lines are refused as too large', () => {
  const result = decodeText('mark c a\n'.repeat(1001), NOW)
  assert.equal(result.refused[0]?.reason, 'too_large')
  assert.equal(decodeText('mark c a\n'.repeat(1000), NOW).events.length, 1000)
})

test('a control character in a context is refused, not stripped', () => {
  assert.equal(lines('start c\u0001x a').refused[0]?.reason, 'bad_context')
})

test('a text datagram with bytes that are not UTF-8 is malformed', () => {
  const result = decodeDatagram(Uint8Array.of(0x73, 0x74, 0x61, 0x72, 0x74, 0x20, 0xff), NOW, SENDER)
  assert.deepEqual(result.refused, [{ index: 0, reason: 'malformed', detail: 'datagram starts as text but is not valid UTF-8: expected text lines' }])
})

test('formatTextLine writes a line that decodes back to the same event', () => {
  const events: Array<Incoming & { autoIP?: boolean }> = [
    { kind: 'start', context: 'deploy', name: 'db.migrate', host: 'web-1', time: T * 1000 + 0.25 },
    { kind: 'end', context: 'my ctx', name: 'a=b', host: '', status: 'error', message: 'disk "full"\n\tnow', attrs: { 'odd key': 'v=w', k: '' } },
    { kind: 'mark', context: 'c', name: 'x', host: '', timeline: '42', id: 'r-1' },
    { kind: 'new', context: 'c', name: '', host: '' },
  ]
  for (const event of events) {
    const line = formatTextLine(event)
    assert.deepEqual(decodeText(line, NOW), { events: [event], refused: [] }, line)
  }
  assert.equal(formatTextLine(events[0] as Incoming), `start deploy db.migrate host=web-1 time=${T * 1000 + 0.25}`)
  assert.equal(decodeText(formatTextLine({ ...events[2] as Incoming, autoIP: true }), NOW, SENDER).events[0]?.host, SENDER)
})
