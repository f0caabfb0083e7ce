// Writes the golden files of proto/udp-signature.md: signed datagrams built byte by byte, signed with
// node:crypto directly (not with the code under test), and the Decoded each gives to a collector started
// with --udp-key golden-key-for-tests-only-0123. Run: node --import tsx proto/golden/signed/make-signed.ts

import { createHmac } from 'node:crypto'
import { writeFileSync } from 'node:fs'

const KEY = 'golden-key-for-tests-only-0123'
const NOW = Date.parse('2024-05-01T12:00:00Z')
const dir = new URL('./', import.meta.url)
const enc = new TextEncoder()
const str = (s: string) => [0xa0 | enc.encode(s).length, ...enc.encode(s)]
const be = (n: bigint, bytes: number) => Array.from({ length: bytes }, (_, i) => Number((n >> BigInt(8 * (bytes - 1 - i))) & 0xffn))
const hmac = (content: number[] | Uint8Array) => [...createHmac('sha256', KEY).update(Uint8Array.from(content)).digest()]
const write = (name: string, bytes: number[] | Uint8Array, expected: unknown) => {
  writeFileSync(new URL(name, dir), Uint8Array.from(bytes))
  writeFileSync(new URL(`${name.slice(0, name.lastIndexOf('.'))}.expected.json`, dir), `${JSON.stringify(expected, null, 2)}\n`)
}

// A start as `upto start deploy db.migrate -n web-1` sends it with UPTO_UDP_KEY set: the six original
// keys, then "sig" — so the map header says 7 — and the HMAC of every byte before "sig".
const seconds = 1714564790n
const nanos = 123456789n
const content = [
  0x87,
  ...str('context'), ...str('deploy'),
  ...str('name'), ...str('db.migrate'),
  ...str('type'), 0x00,
  ...str('time'), 0xc7, 12, 5, ...be(seconds, 8), ...be(nanos, 4),
  ...str('host'), ...str('web-1'),
  ...str('autoIP'), 0xc2,
]
write('signed-start.msgpack', [...content, ...str('sig'), 0xc4, 32, ...hmac(content)], {
  events: [{ kind: 'start', context: 'deploy', name: 'db.migrate', host: 'web-1', time: 1714564790123.4568 }],
  refused: [],
})

// Text lines from a shell: the lines, then " sig=" and the HMAC of every byte before it, in hex, ending the last line.
const lines = enc.encode(`start deploy db.migrate host=web-1 time=${NOW - 10_000}\nend deploy db.migrate host=web-1 time=${NOW - 5_000} status=ok`)
const sigLine = enc.encode(` sig=${Buffer.from(hmac(lines)).toString('hex')}\n`)
write('signed-lines.txt', [...lines, ...sigLine], {
  events: [
    { kind: 'start', context: 'deploy', name: 'db.migrate', host: 'web-1', time: NOW - 10_000 },
    { kind: 'end', context: 'deploy', name: 'db.migrate', host: 'web-1', time: NOW - 5_000, status: 'ok' },
  ],
  refused: [],
})

console.log(`signed golden files written to ${dir.pathname} (key ${KEY})`)
