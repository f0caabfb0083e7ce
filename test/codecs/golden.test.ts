import assert from 'node:assert/strict'
import { readFileSync, readdirSync } from 'node:fs'
import { test } from 'node:test'
import { decodeDatagram } from '../../src/codecs/datagram.ts'
import { decodeHttpBody } from '../../src/codecs/http-body.ts'

// the fixed receive time and sender every golden file was written for (proto/golden/make-golden.ts)
const NOW = Date.parse('2024-05-01T12:00:00Z')
const SENDER = '192.0.2.7'
const dir = new URL('../../proto/golden/', import.meta.url)
const files = readdirSync(dir)
const inputs = files.filter((f) => /\.(msgpack|txt|json)$/.test(f) && !f.endsWith('.expected.json'))

test('every golden input has its expected result, and the other way round', () => {
  const expected = files.filter((f) => f.endsWith('.expected.json')).map((f) => f.replace('.expected.json', ''))
  assert.deepEqual(inputs.map((f) => f.slice(0, f.lastIndexOf('.'))).sort(), expected.sort())
  assert.ok(inputs.length >= 10)
})

for (const file of inputs) {
  const base = file.slice(0, file.lastIndexOf('.'))
  const bytes = new Uint8Array(readFileSync(new URL(file, dir)))
  const expected: unknown = JSON.parse(readFileSync(new URL(`${base}.expected.json`, dir), 'utf8'))

  if (file.endsWith('.json')) {
    test(`golden ${file} decodes as an HTTP JSON body to its expected result`, () => {
      assert.deepEqual(decodeHttpBody(bytes, 'application/json', NOW, SENDER), expected)
    })
    continue
  }
  test(`golden ${file} decodes as a datagram to its expected result`, () => {
    assert.deepEqual(decodeDatagram(bytes, NOW, SENDER), expected)
  })
  const type = file.endsWith('.txt') ? 'text/plain; charset=utf-8' : 'application/msgpack'
  test(`golden ${file} decodes the same as an HTTP ${type} body`, () => {
    assert.deepEqual(decodeHttpBody(bytes, type, NOW, SENDER), expected)
  })
}
