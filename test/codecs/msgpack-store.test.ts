import assert from 'node:assert/strict'
import { test } from 'node:test'
import { Encoder, decode } from '@msgpack/msgpack'
import fc from 'fast-check'
import { Packer, unpack } from '../../src/codecs/msgpack/index.ts'

const packer = new Packer()
const reference = new Encoder({ ignoreUndefined: true })

// What the store keeps: maps of strings to strings, numbers (times with fractions), booleans, null, arrays.
const value = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.string({ unit: 'grapheme', maxLength: 40 }),
    fc.string({ unit: 'binary', maxLength: 300 }),
    fc.integer({ min: -(2 ** 31) - 5, max: 2 ** 32 + 5 }),
    fc.maxSafeInteger(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 20 }),
    // @msgpack/msgpack refuses a __proto__ key; the store's own reader keeps it (tested below)
    fc.dictionary(fc.string({ maxLength: 12 }).filter((k) => k !== '__proto__'), tie('value'), { maxKeys: 20 }),
  ),
})).value

test('packs what @msgpack/msgpack reads back the same, and reads back what it packs', () => {
  fc.assert(fc.property(value, (v) => {
    assert.deepEqual(decode(packer.pack(v)), decode(reference.encode(v)))
    assert.deepEqual(unpack(packer.pack(v)), decode(reference.encode(v)))
    assert.deepEqual(unpack(reference.encode(v)), decode(reference.encode(v)))
  }), { numRuns: 2_000 })
})

test('packs each number in the smallest msgpack form, as @msgpack/msgpack does', () => {
  const numbers = [0, 1, 127, 128, 255, 256, 65_535, 65_536, 2 ** 32 - 1, 2 ** 32, 1_700_000_000_000, 2 ** 53 - 1,
    -1, -32, -33, -128, -129, -32_768, -32_769, -(2 ** 31), -(2 ** 31) - 1, -(2 ** 53) + 1, 0.5, -0.25, 1e300, NaN]
  for (const n of numbers) assert.deepEqual(packer.pack(n), reference.encode(n), String(n))
})

test('packs strings of every header size, ASCII or not, as @msgpack/msgpack does', () => {
  for (const n of [0, 1, 31, 32, 255, 256, 65_535, 65_536]) {
    for (const s of ['a'.repeat(n), 'é'.repeat(Math.ceil(n / 2)), `${'x'.repeat(Math.max(0, n - 1))}日`]) {
      assert.deepEqual(packer.pack(s), reference.encode(s), `${n} ${s.slice(0, 3)}`)
    }
  }
})

test('leaves out map values that are undefined, and packs undefined in an array as nil', () => {
  assert.deepEqual(decode(packer.pack({ a: 1, b: undefined, c: 'x' })), { a: 1, c: 'x' })
  assert.deepEqual(decode(packer.pack([1, undefined])), [1, null])
})

test('reads a key named __proto__ back as a plain key, never as the prototype', () => {
  const attrs = JSON.parse('{"__proto__": "x", "a": "b"}') as Record<string, string>
  const back = unpack(packer.pack({ attrs })) as { attrs: Record<string, string> }
  assert.deepEqual(Object.keys(back.attrs), ['__proto__', 'a'])
  assert.equal(Object.getPrototypeOf(back.attrs), Object.prototype)
  assert.equal(back.attrs.__proto__, 'x')
})

test('refuses bytes that are not one whole store value', () => {
  assert.throws(() => unpack(Uint8Array.of(0x92, 0x01)), /truncated/)
  assert.throws(() => unpack(Uint8Array.of(0x01, 0x02)), /follow/)
  assert.throws(() => unpack(Uint8Array.of(0xc7, 0x01, 0x05, 0x00)), /not in a store value/)
})
