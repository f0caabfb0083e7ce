// The refused cases of the README ("What is refused"), one row each: the bad input as msgpack bytes (and
// as JSON when JSON can say it), the reason it is counted under, and words its detail must hold.
// refusals.test.ts sends each one to a real collector over UDP and HTTP.

import type { RefusalReason } from '../../src/core/types.ts'
import { NIL, arr, be, cat, ext5, float64, int, map, str, strBytes } from '../codecs/bytes.ts'

export interface ItemCase {
  /** The README row, word for word. */
  name: string
  reason: RefusalReason
  detail: RegExp
  /** One bad map, to send between two good ones. */
  msgpack: number[]
  /** The same item in a JSON body: a value, or raw text when JSON.stringify cannot write it (Infinity). */
  json?: unknown
  jsonText?: string
}

export interface WholeCase {
  name: string
  reason: RefusalReason
  detail: RegExp
  /** A datagram refused whole; absent when it cannot travel as one (over 65,507 bytes: see refusals.test.ts). */
  datagram?: Uint8Array
  /** A request body refused whole, with its Content-Type and the HTTP status it gets. */
  body?: { bytes: Uint8Array; type: string; status: 400 | 413 | 415 }
}

const seconds = (iso: string) => BigInt(Date.parse(iso) / 1000)
const base = (name: string) =>
  [['type', str('start')], ['context', str('refusals')], ['name', str(name)]] as Array<[string, number[]]>
const withField = (field: string, value: number[]) => map(...base('bad.item').filter(([k]) => k !== field), [field, value])
const x = (n: number) => 'x'.repeat(n)
const deep = (depth: number, inner: number[]) => {
  let v = inner
  for (let i = 0; i < depth; i++) v = arr(v)
  return v
}
const utf8 = (s: string) => new TextEncoder().encode(s)
const good = map(...base('good.whole'))

export const itemCases: ItemCase[] = [
  { name: 'wrong types', reason: 'bad_context', detail: /context is a number: expected a name/, msgpack: withField('context', int(42)), json: { type: 'start', context: 42, name: 'a' } },
  { name: 'unknown message type', reason: 'bad_type', detail: /type (7|"finish") is not known: expected 0 \(start\)/, msgpack: withField('type', int(7)), json: { type: 'finish', context: 'refusals', name: 'a' } },
  { name: 'non-UTF-8 strings', reason: 'bad_name', detail: /name (is|"a\\ud800b" contains a lone surrogate,) not valid UTF-8/, msgpack: withField('name', strBytes([0x61, 0xff, 0x62])), json: { type: 'start', context: 'refusals', name: 'a\ud800b' } },
  { name: 'control characters', reason: 'bad_host', detail: /host "web\\u001b\[31m" contains a control character/, msgpack: withField('host', str('web\u001b[31m')), json: { type: 'start', context: 'refusals', name: 'a', host: 'web\u001b[31m' } },
  { name: 'empty names', reason: 'bad_name', detail: /name is empty: expected dotted segments/, msgpack: withField('name', str('')), json: { type: 'end', context: 'refusals', name: '' } },
  { name: '10,000-segment names', reason: 'bad_name', detail: /name has 10000 segments: expected at most 32/, msgpack: withField('name', arr(...Array.from({ length: 10_000 }, () => str('a')))), json: { type: 'start', context: 'refusals', name: Array(10_000).fill('a') } },
  { name: 'names over the limit', reason: 'bad_name', detail: /name "x+…" is 1025 bytes: expected at most 1024 bytes/, msgpack: withField('name', str(x(1025))), json: { type: 'start', context: 'refusals', name: x(1025) } },
  { name: 'attrs over the limits', reason: 'bad_attrs', detail: /attrs has 65 entries: expected a map of at most 64/, msgpack: withField('attrs', map(...Array.from({ length: 65 }, (_, i): [string, number[]] => [`k${i}`, str('v')]))), json: { type: 'start', context: 'refusals', name: 'a', attrs: Object.fromEntries(Array.from({ length: 65 }, (_, i) => [`k${i}`, 'v'])) } },
  { name: 'times before 1970', reason: 'bad_time', detail: /time 1969-12-31T23:59:59.000Z is before 1970-01-01/, msgpack: withField('time', ext5(-1n, 0)), json: { type: 'start', context: 'refusals', name: 'a', time: '1969-12-31T23:59:59Z' } },
  { name: 'times decades ahead', reason: 'bad_time', detail: /time 2090-01-01T00:00:00.000Z is more than 366 days after the receive time/, msgpack: withField('time', ext5(seconds('2090-01-01T00:00:00Z'), 0)), json: { type: 'start', context: 'refusals', name: 'a', time: '2090-01-01T00:00:00Z' } },
  { name: 'NaN/Infinity', reason: 'bad_time', detail: /time (NaN|Infinity) is not a finite number/, msgpack: withField('time', float64(Number.NaN)), jsonText: '{"type":"start","context":"refusals","name":"a","time":1e999}' },
  { name: 'deeply nested values', reason: 'bad_attrs', detail: /attr "k" is an array: expected a string/, msgpack: withField('attrs', map(['k', deep(10_000, str('x'))])), jsonText: `{"type":"start","context":"refusals","name":"a","attrs":{"k":${'['.repeat(200_000)}"x"${']'.repeat(200_000)}}}` },
]

export const wholeCases: WholeCase[] = [
  {
    name: 'truncated msgpack',
    reason: 'malformed',
    detail: /msgpack does not decode \(truncated/,
    datagram: Uint8Array.from(good.slice(0, 20)),
    body: { bytes: Uint8Array.from(good.slice(0, 20)), type: 'application/msgpack', status: 400 },
  },
  {
    name: 'oversized datagrams',
    reason: 'too_large',
    detail: /datagram is 65527 bytes: expected at most 65507/,
  },
  {
    name: 'HTTP bodies over the limit',
    reason: 'too_large',
    detail: /body of \d+ bytes or more: expected at most 1048576 bytes/,
    body: { bytes: utf8(`[${' '.repeat(1_048_577)}]`), type: 'application/json', status: 413 },
  },
  {
    name: 'invalid JSON',
    reason: 'malformed',
    detail: /JSON does not parse \(.*\): expected one object or an array of objects/,
    body: { bytes: utf8('{"type": "start", "context": "refusals", '), type: 'application/json', status: 400 },
  },
  {
    name: 'wrong content type',
    reason: 'unsupported_media_type',
    detail: /content type "application\/xml" is not supported: expected application\/json, application\/msgpack, text\/x-upto or text\/plain/,
    body: { bytes: utf8('<event type="start"/>'), type: 'application/xml', status: 415 },
  },
  {
    name: 'batches over 1,000 items',
    reason: 'too_large',
    detail: /batch has 1001 events: expected at most 1000/,
    datagram: Uint8Array.from(cat([0xdc], be(1001, 2), ...Array.from({ length: 1001 }, () => NIL))),
    body: { bytes: utf8(JSON.stringify(Array.from({ length: 1001 }, () => null))), type: 'application/json', status: 413 },
  },
]

/** The last row of the README table: a batch mixing good and bad items is the item cases, each between two good items. */
export const mixedBatchCase = 'a batch mixing good and bad items'
