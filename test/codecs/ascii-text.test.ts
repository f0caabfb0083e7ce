import assert from 'node:assert/strict'
import { test } from 'node:test'
import { asciiText } from '../../src/codecs/msgpack/ascii-text.ts'

const read = (s: string) => {
  const bytes = Buffer.from(`<${s}>`, 'latin1')
  return asciiText(bytes, 1, bytes.length - 2)
}

test('ASCII bytes read as their text, however many strings compete for the remembered ones', () => {
  const words = Array.from({ length: 20_000 }, (_, i) => `step.${i % 7}.${i}`)
  for (let round = 0; round < 2; round++) {
    for (const word of words) assert.equal(read(word), word)
  }
  for (const word of ['', 'a', 'x'.repeat(32), 'x'.repeat(33), 'y'.repeat(1_024)]) assert.equal(read(word), word)
})

test('bytes that are not ASCII, or too many, are left to a UTF-8 decoder', () => {
  assert.equal(read('caf\u00e9'), undefined)
  assert.equal(read('z'.repeat(1_025)), undefined)
})
