// Writes the golden files of proto/: input bytes built by hand, byte by byte, and the Decoded each must give.
// Run: node --import tsx proto/golden/make-golden.ts   (the test decodes with now and sender below)

import { writeFileSync } from 'node:fs'

const NOW = Date.parse('2024-05-01T12:00:00Z') // 1714564800000
const SENDER = '192.0.2.7'
const dir = new URL('./', import.meta.url)

// ---- msgpack by hand: every helper returns the exact bytes of one value ----
const enc = new TextEncoder()
const cat = (...parts: number[][]): number[] => parts.flat()
function str(s: string): number[] {
  const b = [...enc.encode(s)]
  if (b.length < 32) return [0xa0 | b.length, ...b]
  if (b.length < 256) return [0xd9, b.length, ...b]
  throw new Error('keep golden strings short')
}
const map = (...entries: Array<[string, number[]]>): number[] =>
  cat([0x80 | entries.length], ...entries.map(([k, v]) => cat(str(k), v)))
const arr = (...items: number[][]): number[] => cat([0x90 | items.length], ...items)
const TRUE = [0xc3]
const FALSE = [0xc2]
function be(n: bigint, bytes: number): number[] {
  const out: number[] = []
  for (let i = bytes - 1; i >= 0; i--) out.push(Number((BigInt.asUintN(bytes * 8, n) >> BigInt(8 * i)) & 0xffn))
  return out
}
/** tinylib/msgp's time.Time: ext8 (0xc7), length 12, type 5, int64 seconds, int32 nanoseconds. */
const ext5 = (sec: bigint, nsec: number) => cat([0xc7, 12, 5], be(sec, 8), be(BigInt(nsec), 4))
/** The msgpack timestamp, ext -1 (0xff), in its three sizes. */
const ts32 = (sec: number) => cat([0xd6, 0xff], be(BigInt(sec), 4))
const ts64 = (sec: number, nsec: number) => cat([0xd7, 0xff], be((BigInt(nsec) << 34n) | BigInt(sec), 8))
const ts96 = (sec: bigint, nsec: number) => cat([0xc7, 12, 0xff], be(BigInt(nsec), 4), be(sec, 8))
const uint64 = (n: bigint) => cat([0xcf], be(n, 8))

/** The original Go client's UDPMessage, keys in its order, name as an array of segments. */
function original(context: string, name: string[], type: number, time: number[], host: string, autoIP: boolean) {
  return map(['context', str(context)], ['name', arr(...name.map(str))], ['type', [type]], ['time', time], ['host', str(host)], ['autoIP', autoIP ? TRUE : FALSE])
}

const T = 1714564790 // 2024-05-01T11:59:50Z, ten seconds before NOW
const ms = (sec: number, nsec = 0) => sec * 1000 + nsec / 1e6

type Expected = { events: object[]; refused: object[] }
function golden(file: string, bytes: number[] | string, expected: Expected): void {
  writeFileSync(new URL(file, dir), typeof bytes === 'string' ? bytes : Uint8Array.from(bytes))
  const base = file.slice(0, file.lastIndexOf('.'))
  writeFileSync(new URL(`${base}.expected.json`, dir), `${JSON.stringify(expected, null, 2)}\n`)
}

golden('original-start.msgpack', original('deploy', ['db', 'migrate'], 0, ext5(BigInt(T), 123456789), 'web-1', false), {
  events: [{ kind: 'start', context: 'deploy', name: 'db.migrate', host: 'web-1', time: ms(T, 123456789) }],
  refused: [],
})

golden('original-end-autoip.msgpack', original('deploy', ['db', 'migrate'], 1, ext5(BigInt(T + 5), 0), '', true), {
  events: [{ kind: 'end', context: 'deploy', name: 'db.migrate', host: SENDER, time: ms(T + 5) }],
  refused: [],
})

// Go's zero time.Time: 0001-01-01T00:00:00Z; nil name → empty array
golden('original-new.msgpack', original('deploy', [], 3, ext5(-62135596800n, 0), '', false), {
  events: [{ kind: 'new', context: 'deploy', name: '', host: '' }],
  refused: [],
})

golden('ext-timestamp.msgpack', arr(
  map(['type', [2]], ['time', ts32(T)], ['context', str('build')], ['name', str('compile')]),
  map(['time', ts64(T, 500000000)], ['name', str('compile')], ['type', [2]], ['context', str('build')]),
  map(['context', str('build')], ['name', str('compile')], ['type', [2]], ['time', ts96(BigInt(T), 1)]),
), {
  events: [
    { kind: 'mark', context: 'build', name: 'compile', host: '', time: ms(T) },
    { kind: 'mark', context: 'build', name: 'compile', host: '', time: ms(T, 500000000) },
    { kind: 'mark', context: 'build', name: 'compile', host: '', time: ms(T, 1) },
  ],
  refused: [],
})

// 1714564790123456789 ns does not fit a double exactly: the decoder reads it as a 64-bit integer
golden('nanos-int.msgpack', map(['context', str('build')], ['name', str('test.unit')], ['type', [0]], ['time', uint64(1714564790123456789n)]), {
  events: [{ kind: 'start', context: 'build', name: 'test.unit', host: '', time: 1714564790000 + 123456789 / 1e6 }],
  refused: [],
})

golden('batch.msgpack', arr(
  original('ci', ['build'], 0, ext5(BigInt(T), 0), 'runner-3', false),
  original('ci', ['build'], 1, ext5(BigInt(T + 4), 0), 'runner-3', false),
  original('ci', ['build', 'bad..name'], 2, ext5(BigInt(T), 0), 'runner-3', false),
  [0x2a],
  map(['context', str('ci')], ['name', str('x')], ['type', [9]]),
), {
  events: [
    { kind: 'start', context: 'ci', name: 'build', host: 'runner-3', time: ms(T) },
    { kind: 'end', context: 'ci', name: 'build', host: 'runner-3', time: ms(T + 4) },
  ],
  refused: [
    { index: 2, reason: 'bad_name', detail: 'name "build.bad..name" has an empty segment: expected dotted segments like deploy.db.migrate' },
    { index: 3, reason: 'not_an_event', detail: 'item is a number: expected a map of event fields' },
    { index: 4, reason: 'bad_type', detail: 'type 9 is not known: expected 0 (start), 1 (end), 2 (mark), 3 (new) or a word: start, end, mark, event, new' },
  ],
})

golden('extension-keys.msgpack', map(
  ['id', str('run-7/step-3')],
  ['attrs', map(['commit', str('ab12cd')], ['branch', str('main')])],
  ['future', map(['nested', arr(arr(arr([1])))])],
  ['type', [1]],
  ['status', str('error')],
  ['message', str('disk full')],
  ['time', ext5(BigInt(T), 0)],
  ['timeline', str('1234')],
  ['name', str('deploy.db')],
  ['context', str('deploy-web')],
  ['host', str('web-2')],
  ['autoIP', FALSE],
), {
  events: [{
    kind: 'end', context: 'deploy-web', name: 'deploy.db', host: 'web-2', time: ms(T), timeline: '1234',
    status: 'error', message: 'disk full', attrs: { commit: 'ab12cd', branch: 'main' }, id: 'run-7/step-3',
  }],
  refused: [],
})

// context bytes 64 ff 65: 0xff is never valid UTF-8
golden('invalid-utf8.msgpack', map(['context', [0xa3, 0x64, 0xff, 0x65]], ['name', str('x')], ['type', [0]]), {
  events: [],
  refused: [{ index: 0, reason: 'bad_context', detail: 'context is not valid UTF-8 (bytes 64 ff 65): expected a name of 1–200 bytes without control characters, like deploy-web' }],
})

const start = original('deploy', ['db', 'migrate'], 0, ext5(BigInt(T), 123456789), 'web-1', false)
golden('truncated.msgpack', start.slice(0, 40), {
  events: [],
  refused: [{ index: 0, reason: 'malformed', detail: 'msgpack does not decode (truncated at byte 40 of 40): expected one map or an array of maps' }],
})

golden('text-lines.txt', [
  'new deploy',
  'start deploy db.migrate host=web-1 time=1714564790000',
  '',
  'end deploy db.migrate host=web-1 status=error message="disk \\"full\\"" commit=ab12cd\r',
  'mark deploy released time=2024-05-01T11:59:55.5Z autoip=true',
  'begin deploy db.migrate',
  'event deploy "name with spaces" timeline=42 id=abc',
  'start deploy db.seed message="unterminated',
  '',
].join('\n'), {
  events: [
    { kind: 'new', context: 'deploy', name: '', host: '' },
    { kind: 'start', context: 'deploy', name: 'db.migrate', host: 'web-1', time: ms(T) },
    { kind: 'end', context: 'deploy', name: 'db.migrate', host: 'web-1', status: 'error', message: 'disk "full"', attrs: { commit: 'ab12cd' } },
    { kind: 'mark', context: 'deploy', name: 'released', host: SENDER, time: ms(T + 5) + 500 },
    { kind: 'mark', context: 'deploy', name: 'name with spaces', host: '', timeline: '42', id: 'abc' },
  ],
  refused: [
    { index: 4, reason: 'bad_type', detail: 'type "begin" is not known: expected 0 (start), 1 (end), 2 (mark), 3 (new) or a word: start, end, mark, event, new' },
    { index: 6, reason: 'malformed', detail: 'line "start deploy db.seed message=\\"unterminated" has an unterminated quote: expected a closing "' },
  ],
})

golden('http-batch.json', `${JSON.stringify([
  { type: 'new', context: 'payloads', timeline: 'req-1' },
  { type: 'start', context: 'payloads', timeline: 'req-1', name: 'ingress', host: 'svc-a', time: '2024-05-01T11:59:50Z' },
  { type: 1, context: 'payloads', timeline: 'req-1', name: 'ingress', host: 'svc-a', time: ms(T) + 1500.25, status: 'success' },
  { kind: 'mark', context: 'payloads', timeline: 'req-1', name: ['ingress', 'stored'], time: '2024-05-01T13:59:52+02:00', attrs: { inventory_id: 'inv-9' } },
], null, 2)}\n`, {
  events: [
    { kind: 'new', context: 'payloads', name: '', host: '', timeline: 'req-1' },
    { kind: 'start', context: 'payloads', name: 'ingress', host: 'svc-a', time: ms(T), timeline: 'req-1' },
    { kind: 'end', context: 'payloads', name: 'ingress', host: 'svc-a', time: ms(T) + 1500.25, timeline: 'req-1', status: 'success' },
    { kind: 'mark', context: 'payloads', name: 'ingress.stored', host: '', time: ms(T + 2), timeline: 'req-1', attrs: { inventory_id: 'inv-9' } },
  ],
  refused: [],
})

const expectedType = 'expected 0 (start), 1 (end), 2 (mark), 3 (new) or a word: start, end, mark, event, new'
golden('mixed-batch.json', `${JSON.stringify([
  { type: 'start', context: 'ci', name: 'build', time: ms(T) },
  { type: 'start', context: 'ci', name: 'build', time: '1969-12-31T23:59:59Z' },
  { type: 'start', context: 'ci', name: 'build', time: '2090-01-01T00:00:00Z' },
  { type: 'finish', context: 'ci', name: 'build' },
  { type: 'end', context: '', name: 'build' },
  { type: 'end', context: 'ci', name: 'build', status: 'not ok' },
  { type: 'end', context: 'ci', name: 'build', attrs: { retries: 3 } },
  'start ci build',
  { type: 'end', context: 'ci', name: 'build', host: 'runner-1', time: ms(T + 60) },
], null, 2)}\n`, {
  events: [
    { kind: 'start', context: 'ci', name: 'build', host: '', time: ms(T) },
    { kind: 'end', context: 'ci', name: 'build', host: 'runner-1', time: ms(T + 60) },
  ],
  refused: [
    { index: 1, reason: 'bad_time', detail: 'time 1969-12-31T23:59:59.000Z is before 1970-01-01: expected a time from 1970 on' },
    { index: 2, reason: 'bad_time', detail: 'time 2090-01-01T00:00:00.000Z is more than 366 days after the receive time 2024-05-01T12:00:00.000Z: expected a time no later than 2025-05-02T12:00:00.000Z' },
    { index: 3, reason: 'bad_type', detail: `type "finish" is not known: ${expectedType}` },
    { index: 4, reason: 'bad_context', detail: 'context is empty: expected a name of 1–200 bytes without control characters, like deploy-web' },
    { index: 5, reason: 'bad_status', detail: 'status "not ok" is not a single word: expected a single word of at most 64 bytes, like ok or error' },
    { index: 6, reason: 'bad_attrs', detail: 'attr "retries" is a number: expected a string of at most 1024 bytes' },
    { index: 7, reason: 'not_an_event', detail: 'item is a string: expected an object of event fields' },
  ],
})

console.log(`golden files written to ${dir.pathname} (now ${new Date(NOW).toISOString()}, sender ${SENDER})`)
