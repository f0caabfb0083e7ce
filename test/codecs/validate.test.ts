import assert from 'node:assert/strict'
import { test } from 'node:test'
import { limits } from '../../src/core/limits.ts'
import { type Candidate, validateEvent } from '../../src/core/validate.ts'
import { parseRfc3339 } from '../../src/core/validate-time.ts'
import { utf8Length } from '../../src/core/validate-text.ts'
import { BadTime, InvalidUtf8 } from '../../src/core/wire-values.ts'
import { NOW } from './bytes.ts'

const good: Candidate = { type: 0, context: 'ci', name: 'build' }
const check = (extra: Candidate) => validateEvent({ ...good, ...extra }, 3, NOW)
const refusal = (extra: Candidate) => {
  const result = check(extra)
  assert.equal(result.ok, false, `expected a refusal for ${JSON.stringify(extra)}`)
  return result.ok ? undefined : result.refusal
}
const accepted = (extra: Candidate) => {
  const result = check(extra)
  assert.ok(result.ok, result.ok ? '' : result.refusal.detail)
  return result.ok ? result.event : undefined
}
const x = (n: number) => 'x'.repeat(n)

test('a minimal start is accepted with an empty host and no time', () => {
  assert.deepEqual(accepted({}), { kind: 'start', context: 'ci', name: 'build', host: '' })
})

test('a refusal carries the index it was given', () => {
  assert.equal(refusal({ type: 9 })?.index, 3)
})

const cases: Array<[string, Candidate, string, string]> = [
  ['a missing type', { type: undefined }, 'bad_type', 'type is missing: expected 0 (start), 1 (end), 2 (mark), 3 (new) or a word: start, end, mark, event, new'],
  ['an unknown type word', { type: 'stop' }, 'bad_type', 'type "stop" is not known: expected 0 (start), 1 (end), 2 (mark), 3 (new) or a word: start, end, mark, event, new'],
  ['a negative type', { type: -1 }, 'bad_type', 'type -1 is not known: expected 0 (start), 1 (end), 2 (mark), 3 (new) or a word: start, end, mark, event, new'],
  ['a missing context', { context: undefined }, 'bad_context', 'context is missing: expected a name of 1–200 bytes without control characters, like deploy-web'],
  ['a context of 201 bytes', { context: x(201) }, 'bad_context', `context "${x(59)}…" is 201 bytes: expected a name of 1–200 bytes without control characters, like deploy-web`],
  ['a context with a control character', { context: 'a\u0007b' }, 'bad_context', 'context "a\\u0007b" contains a control character: expected a name of 1–200 bytes without control characters, like deploy-web'],
  ['a context that is a number', { context: 5 }, 'bad_context', 'context is a number: expected a name of 1–200 bytes without control characters, like deploy-web'],
  ['a context with a lone surrogate', { context: 'a\ud800' }, 'bad_context', 'context "a\\ud800" contains a lone surrogate, not valid UTF-8: expected a name of 1–200 bytes without control characters, like deploy-web'],
  ['a context of invalid UTF-8', { context: new InvalidUtf8(Uint8Array.of(0xff)) }, 'bad_context', 'context is not valid UTF-8 (bytes ff): expected a name of 1–200 bytes without control characters, like deploy-web'],
  ['a start without a name', { name: undefined }, 'bad_name', 'name is missing: expected dotted segments like deploy.db.migrate'],
  ['an end with an empty name', { type: 1, name: '' }, 'bad_name', 'name is empty: expected dotted segments like deploy.db.migrate'],
  ['a name with an empty segment', { name: 'a..b' }, 'bad_name', 'name "a..b" has an empty segment: expected dotted segments like deploy.db.migrate'],
  ['a name ending in a dot', { name: 'a.' }, 'bad_name', 'name "a." has an empty segment: expected dotted segments like deploy.db.migrate'],
  ['a name of 33 segments', { name: Array(33).fill('a').join('.') }, 'bad_name', `name "${Array(33).fill('a').join('.').slice(0, 59)}…" has 33 segments: expected at most 32 dotted segments like deploy.db.migrate`],
  ['a name of 1025 bytes', { name: x(1025) }, 'bad_name', `name "${x(59)}…" is 1025 bytes: expected at most 1024 bytes of dotted segments like deploy.db.migrate`],
  ['a name with a newline', { name: 'a\nb' }, 'bad_name', 'name "a\\nb" contains a control character: expected at most 1024 bytes of dotted segments like deploy.db.migrate'],
  ['a name array holding a number', { name: ['a', 1] }, 'bad_name', 'name segment 1 is a number: expected a string'],
  ['a name that is a map', { name: new Map() }, 'bad_name', 'name is a map: expected a string of dotted segments like deploy.db.migrate'],
  ['a host of 256 bytes', { host: x(256) }, 'bad_host', `host "${x(59)}…" is 256 bytes: expected a host of at most 255 bytes without control characters`],
  ['a host with a tab', { host: 'a\tb' }, 'bad_host', 'host "a\\tb" contains a control character: expected a host of at most 255 bytes without control characters'],
  ['a time before 1970', { time: -1 }, 'bad_time', 'time 1969-12-31T23:59:59.999Z is before 1970-01-01: expected a time from 1970 on'],
  ['a time decades ahead', { time: '2070-01-01T00:00:00Z' }, 'bad_time', 'time 2070-01-01T00:00:00.000Z is more than 366 days after the receive time 2024-05-01T12:00:00.000Z: expected a time no later than 2025-05-02T12:00:00.000Z'],
  ['a time beyond what Date can show', { time: 1e300 }, 'bad_time', 'time 1e+300 is more than 366 days after the receive time 2024-05-01T12:00:00.000Z: expected a time no later than 2025-05-02T12:00:00.000Z'],
  ['a NaN time', { time: Number.NaN }, 'bad_time', 'time NaN is not a finite number: expected an RFC 3339 time like 2024-05-01T12:00:00Z or Unix milliseconds'],
  ['an infinite time', { time: Number.NEGATIVE_INFINITY }, 'bad_time', 'time -Infinity is not a finite number: expected an RFC 3339 time like 2024-05-01T12:00:00Z or Unix milliseconds'],
  ['a time that is not a date', { time: '2024-02-30T00:00:00Z' }, 'bad_time', 'time "2024-02-30T00:00:00Z" is not a valid time: expected an RFC 3339 time like 2024-05-01T12:00:00Z or Unix milliseconds'],
  ['a time that is a boolean', { time: true }, 'bad_time', 'time is a boolean: expected an RFC 3339 time like 2024-05-01T12:00:00Z or Unix milliseconds'],
  ['a time a decoder could not read', { time: new BadTime('time is odd: expected even') }, 'bad_time', 'time is odd: expected even'],
  ['a timeline of 201 bytes', { timeline: x(201) }, 'bad_timeline', `timeline "${x(59)}…" is 201 bytes: expected an id of 1–200 bytes without control characters, like 1234`],
  ['a timeline with an escape character', { timeline: '\u001b[31m' }, 'bad_timeline', 'timeline "\\u001b[31m" contains a control character: expected an id of 1–200 bytes without control characters, like 1234'],
  ['the reserved timeline latest', { timeline: 'latest' }, 'bad_timeline', 'timeline "latest" is reserved (it always names the newest): expected another id'],
  ['a status of two words', { status: 'not ok' }, 'bad_status', 'status "not ok" is not a single word: expected a single word of at most 64 bytes, like ok or error'],
  ['a status of 65 bytes', { status: x(65) }, 'bad_status', `status "${x(59)}…" is 65 bytes: expected a single word of at most 64 bytes, like ok or error`],
  ['a message of 4097 bytes', { message: x(4097) }, 'bad_message', `message "${x(59)}…" is 4097 bytes: expected text of at most 4096 bytes`],
  ['a message with a NUL', { message: 'a\u0000' }, 'bad_message', 'message "a\\u0000" contains a control character: expected text of at most 4096 bytes'],
  ['attrs that are an array', { attrs: ['a'] }, 'bad_attrs', 'attrs is an array: expected a map of at most 64 string keys to string values'],
  ['attrs of 65 entries', { attrs: Object.fromEntries(Array.from({ length: 65 }, (_, i) => [`k${i}`, 'v'])) }, 'bad_attrs', 'attrs has 65 entries: expected a map of at most 64 string keys to string values'],
  ['an attr value that is a number', { attrs: { n: 1 } }, 'bad_attrs', 'attr "n" is a number: expected a string of at most 1024 bytes'],
  ['an attr value of 1025 bytes', { attrs: { k: x(1025) } }, 'bad_attrs', `attr "k" value "${x(59)}…" is 1025 bytes: expected a string of at most 1024 bytes`],
  ['an attr key of 129 bytes', { attrs: { [x(129)]: 'v' } }, 'bad_attrs', `attrs key "${x(59)}…" is 129 bytes: expected a key of 1–128 bytes without control characters`],
  ['an empty attr key', { attrs: { '': 'v' } }, 'bad_attrs', 'attrs key is empty: expected a key of 1–128 bytes without control characters'],
  ['an attr key that is a number', { attrs: new Map([[1, 'v']]) }, 'bad_attrs', 'attrs key is a number: expected a key of 1–128 bytes without control characters'],
  ['an id of 129 bytes', { id: x(129) }, 'bad_id', `id "${x(59)}…" is 129 bytes: expected an id of 1–128 bytes without control characters`],
  ['an id that is a float', { id: 1.5 }, 'bad_id', 'id is a number: expected an id of 1–128 bytes without control characters'],
]

for (const [what, extra, reason, detail] of cases) {
  test(`${what} is refused as ${reason} with a detail naming the value`, () => {
    assert.deepEqual(refusal(extra), { index: 3, reason, detail })
  })
}

test('every limit is inclusive: values exactly at the limit are accepted', () => {
  const name = Array(limits.nameSegments).fill('a').join('.')
  const attrs = Object.fromEntries(Array.from({ length: limits.attrsCount }, (_, i) => [`k${i}`, 'v']))
  const event = accepted({
    context: x(limits.contextBytes),
    name,
    host: x(limits.hostBytes),
    timeline: x(limits.timelineBytes),
    status: x(limits.statusBytes),
    message: x(limits.messageBytes),
    id: x(limits.idBytes),
    attrs: { ...attrs, [`k0`]: x(limits.attrValueBytes) },
    time: NOW + limits.futureMillis,
  })
  assert.equal(event?.name, name)
  assert.equal(accepted({ attrs: { [x(limits.attrKeyBytes)]: '' } })?.attrs?.[x(limits.attrKeyBytes)], '')
  assert.equal(accepted({ name: x(limits.nameBytes) })?.name.length, limits.nameBytes)
  assert.equal(accepted({ time: 0 })?.time, 0)
})

test('limits count UTF-8 bytes, not characters', () => {
  assert.equal(utf8Length('é😀a'), 2 + 4 + 1)
  assert.equal(refusal({ context: 'é'.repeat(101) })?.reason, 'bad_context')
  assert.equal(accepted({ context: 'é'.repeat(100) })?.context, 'é'.repeat(100))
})

test('a message and attr values may hold tabs and line breaks', () => {
  const event = accepted({ message: 'line 1\n\tline 2\r\n', attrs: { k: 'a\nb' } })
  assert.equal(event?.message, 'line 1\n\tline 2\r\n')
})

test('empty or null optional fields count as absent', () => {
  assert.deepEqual(accepted({ timeline: '', status: null, message: '', id: '', attrs: {}, host: null }), {
    kind: 'start', context: 'ci', name: 'build', host: '',
  })
})

test('an attr key named __proto__ stays a plain key', () => {
  const attrs = accepted({ attrs: JSON.parse('{"__proto__": "x", "a": "b"}') as unknown })?.attrs
  assert.equal(Object.getPrototypeOf(attrs), Object.prototype)
  assert.deepEqual(Object.keys(attrs ?? {}), ['__proto__', 'a'])
})

test('a new ignores its name and time and keeps its timeline', () => {
  const event = accepted({ type: 3, name: 'a..b', time: -62135596800000, timeline: 'v2.3' })
  assert.deepEqual(event, { kind: 'new', context: 'ci', name: '', host: '', timeline: 'v2.3' })
})

test('autoIP takes the sender as the host only when a sender is known', () => {
  const withSender = validateEvent({ ...good, host: 'h', autoIP: true }, 0, NOW, '10.0.0.1')
  assert.equal(withSender.ok && withSender.event.host, '10.0.0.1')
  const without = validateEvent({ ...good, host: 'h', autoIP: true }, 0, NOW)
  assert.equal(without.ok && without.event.host, 'h')
})

test('the first problem in field order is the one reported', () => {
  assert.equal(refusal({ type: 'x', context: '', name: '' })?.reason, 'bad_type')
  assert.equal(refusal({ context: '', name: '' })?.reason, 'bad_context')
})

test('RFC 3339 times keep offsets and fractions below the millisecond', () => {
  assert.equal(parseRfc3339('2024-05-01T14:00:00+02:00'), Date.parse('2024-05-01T12:00:00Z'))
  assert.equal(parseRfc3339('2024-05-01t12:00:00.000250z'), Date.parse('2024-05-01T12:00:00Z') + 0.25)
  assert.equal(parseRfc3339('2024-05-01 12:00:00-00:30'), Date.parse('2024-05-01T12:30:00Z'))
  assert.equal(parseRfc3339('0001-01-01T00:00:00Z'), -62135596800000)
  for (const bad of ['2024-05-01', '2024-05-01T12:00:00', '2024-13-01T00:00:00Z', '2024-05-01T24:00:00Z', '2023-02-29T00:00:00Z', 'yesterday']) {
    assert.equal(parseRfc3339(bad), undefined, bad)
  }
  assert.equal(parseRfc3339('2024-02-29T00:00:00Z'), Date.parse('2024-02-29T00:00:00Z'))
})

test('a value like the last one accepted is checked for itself', () => {
  const contexts = ['ci', 'a\u0007b', 'ci', 'x'.repeat(201), 'ci', 'cj']
  assert.deepEqual(contexts.map((context) => check({ context }).ok), [true, false, true, false, true, true])
  const timelines = [7, '7', 7, 'latest', '', '7']
  assert.deepEqual(timelines.map((timeline) => {
    const result = check({ timeline })
    return result.ok ? result.event.timeline : result.refusal.reason
  }), ['7', '7', '7', 'bad_timeline', undefined, '7'])
})

test('a name accepted before is accepted again, and each other name is checked for itself', () => {
  const names = ['a.b', 'a..b', 'a.b', ['a', 'b'], ['a', ''], 'a.b.', 'a.b']
  assert.deepEqual(names.map((name) => check({ name }).ok), [true, false, true, true, false, false, true])
  for (let i = 0; i < 3_000; i++) assert.ok(check({ name: `step.${i}` }).ok)
  assert.equal(check({ name: '.step' }).ok, false)
})
