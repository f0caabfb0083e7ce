import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { describe, test } from 'node:test'
import { decodeDatagram } from '../../src/codecs/datagram.ts'
import { encodeEvent } from '../../src/codecs/encode.ts'
import { signedParts } from '../../src/codecs/udp-signature.ts'
import { signDatagram, signedDatagramDecoder } from '../../src/codecs/udp-verify.ts'
import { forUdp } from '../../src/cli/udp-sign.ts'
import { NOW, SENDER } from './bytes.ts'

const KEY = 'golden-key-for-tests-only-0123'
const dir = new URL('../../proto/golden/signed/', import.meta.url)
const golden = (name: string) => new Uint8Array(readFileSync(new URL(name, dir)))
const expected = (name: string) => JSON.parse(readFileSync(new URL(name.replace(/\.\w+$/, '.expected.json'), dir), 'utf8'))
const decode = signedDatagramDecoder(KEY)
const start = { kind: 'start' as const, context: 'deploy', name: 'db.migrate', host: 'web-1', time: NOW - 1_000 }

describe('signed datagrams (proto/udp-signature.md)', () => {
  for (const file of ['signed-start.msgpack', 'signed-lines.txt']) {
    test(`golden ${file} decodes with the key to its expected result`, () => {
      assert.deepEqual(decode(golden(file), NOW, SENDER), expected(file))
    })
    test(`golden ${file} is refused bad_signature with another key`, () => {
      const answer = signedDatagramDecoder(`${KEY}-not`)(golden(file), NOW, SENDER)
      assert.deepEqual(answer.refused.map((r) => r.reason), ['bad_signature'])
      assert.equal(answer.events.length, 0)
    })
  }

  test('the signed msgpack golden decodes without a key too: sig is a key like any other', () => {
    assert.deepEqual(decodeDatagram(golden('signed-start.msgpack'), NOW, SENDER), expected('signed-start.msgpack'))
  })

  test('the signer writes exactly the golden bytes', () => {
    const file = golden('signed-start.msgpack')
    // the same map without its seventh key: header 0x86, no sig
    const unsigned = Uint8Array.from([0x86, ...file.subarray(1, file.length - 38)])
    assert.deepEqual(signDatagram(unsigned, KEY), file)
    const text = readFileSync(new URL('signed-lines.txt', dir), 'utf8')
    const lines = new TextEncoder().encode(text.slice(0, text.indexOf(' sig=')))
    assert.deepEqual(signDatagram(lines, KEY), golden('signed-lines.txt'))
  })

  test('a signed text line must say its time: without time= it is refused bad_time, the others of the datagram kept', () => {
    const text = `start deploy db.migrate host=web-1\nend deploy db.migrate time=${NOW - 500}\nnew deploy timeline=7\n`
    const answer = decode(signDatagram(new TextEncoder().encode(text), KEY), NOW, SENDER)
    assert.deepEqual(answer.refused.map((r) => [r.index, r.reason]), [[0, 'bad_time']])
    assert.match(answer.refused[0]!.detail, /signed line "start deploy db.migrate host=web-1" has no time=: expected time=<Unix ms or RFC 3339>, so that a replay of it counts once/)
    // a new takes no time (it means now): a replay of one needs timeline= instead
    assert.deepEqual(answer.events.map((e) => e.kind), ['end', 'new'])
    // the same line unsigned, to a collector without a key, is taken (at its receive time)
    const unsigned = decodeDatagram(new TextEncoder().encode('start deploy db.migrate\n'), NOW, SENDER)
    assert.deepEqual([unsigned.events.length, unsigned.refused], [1, []])
  })

  test('an unsigned datagram is refused unsigned, whole, naming what was expected', () => {
    for (const bytes of [encodeEvent(start), new TextEncoder().encode('start deploy db.migrate\n'), new TextEncoder().encode(`start deploy db sig=${'0'.repeat(63)}`)]) {
      const answer = decode(bytes, NOW, SENDER)
      assert.equal(answer.events.length, 0)
      assert.equal(answer.refused.length, 1)
      assert.equal(answer.refused[0]!.reason, 'unsigned')
      assert.match(answer.refused[0]!.detail, /carries no signature: expected an HMAC-SHA256 .* --udp-key/)
    }
  })

  test('a changed byte anywhere is refused, never accepted', () => {
    const signed = signDatagram(encodeEvent(start), KEY)
    for (let i = 0; i < signed.length; i++) {
      const changed = signed.slice()
      changed[i]! ^= 0x20
      const answer = decode(changed, NOW, SENDER)
      assert.equal(answer.events.length, 0, `byte ${i}`)
      assert.ok(['bad_signature', 'unsigned'].includes(answer.refused[0]!.reason), `byte ${i}: ${answer.refused[0]!.reason}`)
    }
  })

  test('size is checked first: an empty or oversized datagram is refused for that', () => {
    assert.equal(decode(new Uint8Array(0), NOW, SENDER).refused[0]!.reason, 'malformed')
    assert.equal(decode(new Uint8Array(70_000).fill(0x81), NOW, SENDER).refused[0]!.reason, 'too_large')
  })

  test('maps of any header size are signed: fixmap, map 16, map 32', () => {
    for (const keys of [1, 14, 15, 16, 300]) {
      const map = new Map<string, string>([['type', 'mark'], ['context', 'c'], ['name', 'n']])
      for (let i = map.size; i < keys; i++) map.set(`x${i}`, 'y')
      const bytes = msgpackMap([...map].slice(0, Math.max(keys, 3)))
      const signed = signDatagram(bytes, KEY)
      assert.ok(signedParts(signed), `${keys} keys`)
      assert.equal(decode(signed, NOW, SENDER).events.length, 1, `${keys} keys`)
    }
  })

  test('the client signs when UPTO_UDP_KEY is set, and leaves the bytes alone when it is not', async () => {
    const bytes = encodeEvent(start)
    assert.equal(await forUdp(bytes, undefined), bytes)
    assert.equal(await forUdp(bytes, ''), bytes)
    assert.deepEqual(await forUdp(bytes, KEY), signDatagram(bytes, KEY))
  })
})

/** A msgpack map of short strings, header by size. */
function msgpackMap(entries: Array<[string, string]>): Uint8Array {
  const str = (s: string) => [0xa0 | s.length, ...Buffer.from(s)]
  const n = entries.length
  const header = n < 16 ? [0x80 | n] : n < 0x10000 ? [0xde, n >> 8, n & 0xff] : [0xdf, 0, 0, n >> 8, n & 0xff]
  return Uint8Array.from([...header, ...entries.flatMap(([k, v]) => [...str(k), ...str(v)])])
}
