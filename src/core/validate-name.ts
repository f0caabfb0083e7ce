// Event names: a dotted path `ancestor.parent.step`, or the original client's array of segments.

import { limits } from './limits.ts'
import { Problem, quote } from './validate-detail.ts'
import { type TextRule, notText, textProblem } from './validate-text.ts'

const LIKE = 'dotted segments like deploy.db.migrate'
const DOT = 0x2e
const RULE: TextRule = { min: 1, max: limits.nameBytes, expected: `at most ${limits.nameBytes} bytes of ${LIKE}` }
/**
 * Names that passed lately: a sender's steps come again run after run (and a step's end after its start), and
 * a repeat needs no second look. Room for the steps of a few big pipelines at once: with 1,024, a load naming
 * 6,400 steps in turn was checked afresh every time, a third of its decoding. Bounded in characters too.
 */
const passed = new Set<string>()
const PASSED_MAX = 16_384
const PASSED_CHARS = 1 << 20
let passedChars = 0

/** The full dotted name (array segments joined with '.'), or why there is none. */
export function readName(v: unknown): string | Problem {
  let name: string
  if (typeof v === 'string') name = v
  else if (Array.isArray(v)) {
    // checked before joining: a 10,000-segment array is refused without building its name
    if (v.length > limits.nameSegments) {
      return new Problem(`name has ${v.length} segments: expected at most ${limits.nameSegments} ${LIKE}`)
    }
    for (const [i, segment] of v.entries()) {
      if (typeof segment !== 'string') return notText(`name segment ${i}`, segment, 'a string')
    }
    name = v.join('.')
  } else if (v === undefined || v === null) return new Problem(`name is missing: expected ${LIKE}`)
  else return notText('name', v, `a string of ${LIKE}`)

  if (passed.has(name)) return name
  if (name === '') return new Problem(`name is empty: expected ${LIKE}`)
  // one pass for every event received: segments counted without splitting, printable ASCII seen on the way
  let segments = 1
  let empty = name.charCodeAt(0) === DOT || name.charCodeAt(name.length - 1) === DOT
  let plain = true
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i)
    if (c < 0x20 || c > 0x7e) plain = false
    if (c !== DOT) continue
    segments++
    if (name.charCodeAt(i + 1) === DOT) empty = true
  }
  const problem = plain && name.length <= RULE.max ? undefined : textProblem('name', name, RULE)
  if (problem) return problem
  if (segments > limits.nameSegments) {
    return new Problem(
      `name ${quote(name)} has ${segments} segments: expected at most ${limits.nameSegments} ${LIKE}`,
    )
  }
  if (empty) return new Problem(`name ${quote(name)} has an empty segment: expected ${LIKE}`)
  if (passed.size >= PASSED_MAX || passedChars + name.length > PASSED_CHARS) {
    passed.clear()
    passedChars = 0
  }
  passed.add(name)
  passedChars += name.length
  return name
}
