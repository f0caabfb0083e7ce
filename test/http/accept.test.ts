import assert from 'node:assert/strict'
import { test } from 'node:test'
import { prefersText } from '../../src/http/accept.ts'

const cases: Array<[string | undefined, boolean]> = [
  [undefined, false],
  ['*/*', false],
  ['text/plain', true],
  ['TEXT/PLAIN; charset=utf-8', true],
  ['text/plain, */*', true],
  ['text/plain;q=0.5, */*', false],
  ['text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8', false],
  ['text/plain, text/html;q=0.5', true],
  ['text/html, text/plain', false],
  ['text/plain;q=0', false],
  ['application/json', false],
]

for (const [accept, expected] of cases) {
  test(`Accept ${JSON.stringify(accept)} ${expected ? 'prefers' : 'does not prefer'} plain text`, () => {
    assert.equal(prefersText(accept), expected)
  })
}
