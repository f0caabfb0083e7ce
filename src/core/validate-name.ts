// Event names: a dotted path `ancestor.parent.step`, or the original client's array of segments.

import { limits } from './limits.ts'
import { Problem, quote } from './validate-detail.ts'
import { notText, textProblem } from './validate-text.ts'

const LIKE = 'dotted segments like deploy.db.migrate'

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

  if (name === '') return new Problem(`name is empty: expected ${LIKE}`)
  const rule = { min: 1, max: limits.nameBytes, expected: `at most ${limits.nameBytes} bytes of ${LIKE}` }
  const problem = textProblem('name', name, rule)
  if (problem) return problem
  const segments = name.split('.')
  if (segments.length > limits.nameSegments) {
    return new Problem(
      `name ${quote(name)} has ${segments.length} segments: expected at most ${limits.nameSegments} ${LIKE}`,
    )
  }
  if (segments.includes('')) return new Problem(`name ${quote(name)} has an empty segment: expected ${LIKE}`)
  return name
}
