// MessagePack built by hand for tests, independent of the reader and writer under test.

const enc = new TextEncoder()

export const NOW = Date.parse('2024-05-01T12:00:00Z')
export const SENDER = '192.0.2.7'
/** Ten seconds before NOW, in Unix seconds. */
export const T = 1714564790

export const cat = (...parts: number[][]): number[] => parts.flat()

export function be(n: bigint | number, bytes: number): number[] {
  const v = BigInt.asUintN(bytes * 8, BigInt(n))
  const out: number[] = []
  for (let i = bytes - 1; i >= 0; i--) out.push(Number((v >> BigInt(8 * i)) & 0xffn))
  return out
}

export function strBytes(b: number[]): number[] {
  if (b.length < 32) return [0xa0 | b.length, ...b]
  if (b.length < 0x100) return [0xd9, b.length, ...b]
  if (b.length < 0x10000) return [0xda, ...be(b.length, 2), ...b]
  return [0xdb, ...be(b.length, 4), ...b]
}
export const str = (s: string): number[] => strBytes([...enc.encode(s)])

function header(n: number, fix: number, at16: number): number[] {
  if (n < 16) return [fix | n]
  if (n < 0x10000) return [at16, ...be(n, 2)]
  return [at16 + 1, ...be(n, 4)]
}
export const mapOf = (entries: Array<[number[], number[]]>): number[] =>
  cat(header(entries.length, 0x80, 0xde), ...entries.map(([k, v]) => cat(k, v)))
export const map = (...entries: Array<[string, number[]]>): number[] => mapOf(entries.map(([k, v]) => [str(k), v]))
export const arr = (...items: number[][]): number[] => cat(header(items.length, 0x90, 0xdc), ...items)

export const NIL = [0xc0]
export const TRUE = [0xc3]
export const FALSE = [0xc2]
export const int = (n: number): number[] => (n >= 0 && n < 128 ? [n] : [0xd2, ...be(n, 4)])
export const uint64 = (n: bigint): number[] => [0xcf, ...be(n, 8)]
export const int64 = (n: bigint): number[] => [0xd3, ...be(n, 8)]
export const float64 = (x: number): number[] => {
  const view = new DataView(new ArrayBuffer(8))
  view.setFloat64(0, x)
  return [0xcb, ...new Uint8Array(view.buffer)]
}

export const ext5 = (sec: bigint | number, nsec: number): number[] => cat([0xc7, 12, 5], be(sec, 8), be(nsec, 4))
export const ts32 = (sec: number): number[] => cat([0xd6, 0xff], be(sec, 4))
export const ts64 = (sec: number, nsec: number): number[] => cat([0xd7, 0xff], be((BigInt(nsec) << 34n) | BigInt(sec), 8))
export const ts96 = (sec: bigint | number, nsec: number): number[] => cat([0xc7, 12, 0xff], be(nsec, 4), be(sec, 8))

/** The original Go client's message: six keys in its order, name as an array of segments. */
export function original(context: string, name: string[], type: number, time: number[], host: string, autoIP = false): number[] {
  return map(['context', str(context)], ['name', arr(...name.map(str))], ['type', [type]], ['time', time], ['host', str(host)], ['autoIP', autoIP ? TRUE : FALSE])
}

export const u8 = (bytes: number[]): Uint8Array => Uint8Array.from(bytes)
export const utf8 = (s: string): Uint8Array => enc.encode(s)
