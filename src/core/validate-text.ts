// Checks shared by every text field: UTF-8 byte length, control characters, lone surrogates.

import { InvalidUtf8, describeValue } from './wire-values.ts'
import { Problem, hex, quote } from './validate-detail.ts'

/** Bytes of `s` in UTF-8, without encoding it. A lone surrogate counts as the 3 bytes of U+FFFD. */
export function utf8Length(s: string): number {
  let n = 0
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c < 0x80) n += 1
    else if (c < 0x800) n += 2
    else if (c >= 0xd800 && c < 0xdc00 && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4
      i++
    } else n += 3
  }
  return n
}

const CONTROL = /[\u0000-\u001f\u007f-\u009f]/
/** Free text may hold tabs and line breaks, no other control characters. */
const CONTROL_BUT_LINES = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/
const LONE_SURROGATE = /[\ud800-\udfff]/u

export interface TextRule {
  min: number
  max: number
  /** Allow tab, CR and LF (free text). */
  lines?: boolean
  /** What a good value looks like, limits included, for the detail. */
  expected: string
}

/** Printable ASCII only: one byte per character, nothing to refuse but the length. The common case. */
function printableAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c < 0x20 || c > 0x7e) return false
  }
  return true
}

/** Why string `s` breaks `rule` for `field`, or undefined. */
export function textProblem(field: string, s: string, rule: TextRule): Problem | undefined {
  const plain = printableAscii(s)
  const bytes = plain ? s.length : utf8Length(s)
  if (bytes < rule.min) return new Problem(`${field} is empty: expected ${rule.expected}`)
  if (bytes > rule.max) {
    return new Problem(`${field} ${quote(s)} is ${bytes} bytes: expected ${rule.expected}`)
  }
  if (plain) return undefined
  if ((rule.lines ? CONTROL_BUT_LINES : CONTROL).test(s)) {
    return new Problem(`${field} ${quote(s)} contains a control character: expected ${rule.expected}`)
  }
  if (LONE_SURROGATE.test(s)) {
    return new Problem(`${field} ${quote(s)} contains a lone surrogate, not valid UTF-8: expected ${rule.expected}`)
  }
  return undefined
}

/** A value that is not a string at all: invalid UTF-8 bytes, a number, a map... */
export function notText(field: string, v: unknown, expected: string): Problem {
  if (v instanceof InvalidUtf8) {
    return new Problem(`${field} is not valid UTF-8 (bytes ${hex(v.bytes)}): expected ${expected}`)
  }
  return new Problem(`${field} is ${describeValue(v)}: expected ${expected}`)
}
