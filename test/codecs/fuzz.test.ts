import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { Decoded } from '../../src/core/types.ts'
import { decodeDatagram } from '../../src/codecs/datagram.ts'
import { encodeEvent } from '../../src/codecs/encode.ts'
import { decodeHttpBody } from '../../src/codecs/http-body.ts'
import { NOW, SENDER } from './bytes.ts'

/** mulberry32: a small seeded PRNG, so a failure can be replayed. */
function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const REASONS = new Set(['malformed', 'not_an_event', 'bad_type', 'bad_context', 'bad_timeline', 'bad_name', 'bad_host', 'bad_time', 'bad_status', 'bad_message', 'bad_attrs', 'bad_id', 'too_large', 'unsupported_media_type'])

function assertWellFormed(result: Decoded, what: string): void {
  assert.ok(Array.isArray(result.events) && Array.isArray(result.refused), what)
  for (const r of result.refused) {
    assert.ok(REASONS.has(r.reason), `${what}: reason ${r.reason}`)
    assert.ok(Number.isInteger(r.index) && r.index >= 0, what)
    assert.ok(typeof r.detail === 'string' && r.detail.length > 0 && r.detail.length < 600, `${what}: ${r.detail}`)
  }
}

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex')
const MEDIA = ['application/json', 'application/msgpack', 'text/plain', undefined]

test('random bytes never throw: every result is events plus refusals', () => {
  const random = prng(20240501)
  for (let i = 0; i < 3000; i++) {
    const bytes = new Uint8Array(Math.floor(random() * 96))
    for (let j = 0; j < bytes.length; j++) bytes[j] = Math.floor(random() * 256)
    // bias towards msgpack: start most buffers with a map or array header
    if (bytes.length > 0 && random() < 0.6) bytes[0] = random() < 0.5 ? 0x80 | (bytes[0] ?? 0) % 16 : 0x90 | (bytes[0] ?? 0) % 16
    assertWellFormed(decodeDatagram(bytes, NOW, SENDER), `datagram ${hex(bytes)}`)
    assertWellFormed(decodeHttpBody(bytes, MEDIA[i % MEDIA.length], NOW, SENDER), `body ${hex(bytes)}`)
  }
})

test('valid events with random bytes flipped never throw', () => {
  const random = prng(7)
  const clean = encodeEvent({
    kind: 'end', context: 'deploy', name: 'db.migrate', host: 'web-1', time: NOW - 1000, status: 'ok',
    message: 'done', attrs: { commit: 'ab12', branch: 'main' }, timeline: '42', id: 'r1',
  })
  let accepted = 0
  for (let i = 0; i < 3000; i++) {
    const bytes = clean.slice(0, random() < 0.2 ? Math.floor(random() * clean.length) : clean.length)
    const flips = 1 + Math.floor(random() * 3)
    for (let f = 0; f < flips && bytes.length > 0; f++) bytes[Math.floor(random() * bytes.length)] = Math.floor(random() * 256)
    const result = decodeDatagram(bytes, NOW, SENDER)
    assertWellFormed(result, `datagram ${hex(bytes)}`)
    accepted += result.events.length
  }
  // some flips land in values that stay valid: the decoder is not refusing everything
  assert.ok(accepted > 0)
})

test('random text lines never throw', () => {
  const random = prng(99)
  const alphabet = 'startendmarknewevent ="\\\t\r\n.=abcxyz0123456789é😀\u0000\u001b'
  const chars = [...alphabet]
  for (let i = 0; i < 2000; i++) {
    let text = random() < 0.5 ? 'start ' : ''
    const n = Math.floor(random() * 60)
    for (let j = 0; j < n; j++) text += chars[Math.floor(random() * chars.length)]
    assertWellFormed(decodeDatagram(new TextEncoder().encode(text), NOW, SENDER), `text ${JSON.stringify(text)}`)
  }
})
