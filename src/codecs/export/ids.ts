// Stable ids for exports: the same timeline gives the same trace and span ids every time, so an export sent
// twice is the same trace. Two 32-bit FNV-1a hashes with different offsets, hex-encoded.

export function hexId(text: string, bytes: 8 | 16): string {
  let out = ''
  for (let part = 0; out.length < bytes * 2; part++) out += fnv32(`${part}\u0000${text}`).toString(16).padStart(8, '0')
  return /^0+$/.test(out) ? `${out.slice(0, -1)}1` : out
}

function fnv32(text: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  h ^= h >>> 15
  h = Math.imul(h, 0x2c1b3c6d)
  h ^= h >>> 12
  return h >>> 0
}
