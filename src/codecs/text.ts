// Text lines, for shells with no client: `start|end|mark|event|new CONTEXT [NAME] [key=value ...]`.

import type { Decoded, Incoming, Millis } from '../core/types.ts'
import type { Candidate } from '../core/validate.ts'
import { quote } from '../core/validate-detail.ts'
import { type Item, batchTooLarge, settle } from './batch.ts'
import { quoteWord, tokenize } from './text-tokens.ts'

const KEYS = new Set(['host', 'timeline', 'status', 'message', 'time', 'id'])
const MILLIS = /^-?\d+(\.\d+)?$/
const BOOLEANS = new Map([['true', true], ['false', false]])

export interface TextOptions {
  /**
   * Refuse a start, end or mark without `time=` (bad_time): a signed datagram's lines must say when, or a
   * replay of one would be a second event at its own receive time (proto/udp-signature.md).
   */
  timeRequired?: boolean
}

/** Decodes text lines (\n or \r\n; blank lines ignored). Item index = place among non-blank lines. */
export function decodeText(text: string, now: Millis, sender?: string, options: TextOptions = {}): Decoded {
  // a last line may end in a bare \r
  const lines = text.split(/\r?\n|\r$/).filter((line) => line.trim() !== '')
  const read = options.timeRequired === true ? readTimedLine : readLine
  return batchTooLarge(lines.length) ?? settle(lines.map(read), now, sender)
}

function readTimedLine(line: string): Item {
  const item = readLine(line)
  if ('unreadable' in item || item.time !== undefined || item.type === 'new') return item
  return {
    unreadable: 'bad_time',
    detail: `signed line ${quote(line)} has no time=: expected time=<Unix ms or RFC 3339>, so that a replay of it counts once`,
  }
}

function readLine(line: string): Item {
  const tokens = tokenize(line)
  if (!tokens) return malformed(`line ${quote(line)} has an unterminated quote: expected a closing "`)
  const item: Candidate = {}
  const attrs = new Map<string, string>()
  const words: string[] = []
  for (const { text, eq } of tokens) {
    // the verb and CONTEXT are words even when they hold '='
    if (eq < 0 || words.length < 2) {
      words.push(text)
      continue
    }
    const key = text.slice(0, eq)
    const value = text.slice(eq + 1)
    if (key === '') return malformed(`line ${quote(line)} has a value with no key: expected key=value`)
    // the signature of a signed datagram (proto/udp-signature.md): checked before decoding, or ignored
    if (key === 'sig') continue
    if (key === 'time') item.time = MILLIS.test(value) ? Number(value) : value
    else if (key === 'autoip' || key === 'autoIP') item.autoIP = BOOLEANS.get(value) ?? value
    else if (KEYS.has(key)) item[key as 'host' | 'timeline' | 'status' | 'message' | 'id'] = value
    else attrs.set(key, value)
  }
  if (words.length > 3) {
    const extra = quote(words[3] ?? '')
    return malformed(`line ${quote(line)} has an extra word ${extra}: expected key=value after CONTEXT and NAME`)
  }
  item.type = words[0]
  item.context = words[1]
  item.name = words[2]
  if (attrs.size > 0) item.attrs = attrs
  return item
}

function malformed(detail: string): Item {
  return { unreadable: 'malformed', detail }
}

/** One event as a text line that decodeText reads back; the time, when set, as Unix milliseconds. */
export function formatTextLine(event: Incoming & { autoIP?: boolean }): string {
  const words = [event.kind, quoteWord(event.context)]
  if (event.kind !== 'new') words.push(quoteWord(event.name))
  const pairs: Array<[string, string | number | boolean | undefined]> = [
    ['host', event.host || undefined],
    ['time', event.time],
    ['timeline', event.timeline],
    ['status', event.status],
    ['message', event.message],
    ['id', event.id],
    ['autoip', event.autoIP || undefined],
    ...Object.entries(event.attrs ?? {}),
  ]
  for (const [key, value] of pairs) {
    if (value !== undefined) words.push(`${quoteWord(key)}=${quoteWord(String(value))}`)
  }
  return words.join(' ')
}
