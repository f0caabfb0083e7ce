// Attributes: a small map of string keys to string values.

import { limits } from './limits.ts'
import { Problem, quote } from './validate-detail.ts'
import { notText, textProblem } from './validate-text.ts'
import { describeValue } from './wire-values.ts'

const EXPECTED = `a map of at most ${limits.attrsCount} string keys to string values`
const KEY = {
  min: 1,
  max: limits.attrKeyBytes,
  expected: `a key of 1–${limits.attrKeyBytes} bytes without control characters`,
}
const VALUE = {
  min: 0,
  max: limits.attrValueBytes,
  lines: true,
  expected: `a string of at most ${limits.attrValueBytes} bytes`,
}

/** Attrs from a JSON object or a msgpack map; undefined when absent or empty. */
export function readAttrs(v: unknown): Record<string, string> | undefined | Problem {
  if (v === undefined || v === null) return undefined
  let entries: Array<[unknown, unknown]>
  if (v instanceof Map) entries = [...v]
  else if (isPlainObject(v)) entries = Object.entries(v)
  else return new Problem(`attrs is ${describeValue(v)}: expected ${EXPECTED}`)
  if (entries.length > limits.attrsCount) {
    return new Problem(`attrs has ${entries.length} entries: expected ${EXPECTED}`)
  }
  for (const [key, value] of entries) {
    if (typeof key !== 'string') return notText('attrs key', key, KEY.expected)
    const problem = textProblem('attrs key', key, KEY)
    if (problem) return problem
    if (typeof value !== 'string') return notText(`attr ${quote(key)}`, value, VALUE.expected)
    const valueProblem = textProblem(`attr ${quote(key)} value`, value, VALUE)
    if (valueProblem) return valueProblem
  }
  // fromEntries defines own properties: a key named __proto__ stays a plain key
  return entries.length === 0 ? undefined : (Object.fromEntries(entries) as Record<string, string>)
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null) return false
  const proto: unknown = Object.getPrototypeOf(v)
  return proto === Object.prototype || proto === null
}
