// The kernel's count of datagrams it dropped for one UDP socket, because its receive buffer was full:
// the `drops` column of /proc/net/udp (udp6 for IPv6), on Linux. Read when /metrics is asked, never on
// the hot path. Elsewhere, or when the line cannot be found, the answer is undefined (not shown).

import { readFileSync } from 'node:fs'
import { endianness } from 'node:os'
import { isIPv6 } from 'node:net'

export interface KernelSocket {
  /** The address the socket is bound to, as given to bind(): 127.0.0.1, 0.0.0.0, ::1, ... */
  address: string
  port: number
}

export type ReadText = (path: string) => string

const readProc: ReadText = (path) => readFileSync(path, 'latin1')

/** Datagrams dropped for the socket so far, or undefined where the kernel does not say. */
export function kernelDrops(socket: KernelSocket, read: ReadText = readProc, littleEndian = endianness() === 'LE'): number | undefined {
  const v6 = isIPv6(socket.address)
  let text: string
  try {
    text = read(v6 ? '/proc/net/udp6' : '/proc/net/udp')
  } catch {
    return undefined
  }
  return dropsIn(text, procAddress(socket, v6, littleEndian))
}

/** The `drops` of the line whose local_address is `local`; undefined when there is none. */
export function dropsIn(text: string, local: string): number | undefined {
  for (const line of text.split('\n')) {
    const fields = line.trim().split(/\s+/)
    // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode ref pointer drops
    if (fields[1]?.toUpperCase() !== local || fields.length < 13) continue
    const drops = Number(fields[12])
    return Number.isSafeInteger(drops) ? drops : undefined
  }
  return undefined
}

/** How /proc/net/udp writes an address and port: each 32-bit word of the address in host byte order, then the port. */
export function procAddress({ address, port }: KernelSocket, v6: boolean, littleEndian: boolean): string {
  const bytes = v6 ? ipv6Bytes(address) : address.split('.').map(Number)
  let hex = ''
  for (let word = 0; word < bytes.length; word += 4) {
    const group = bytes.slice(word, word + 4)
    if (littleEndian) group.reverse()
    hex += group.map((b) => b.toString(16).padStart(2, '0')).join('')
  }
  return `${hex}:${port.toString(16).padStart(4, '0')}`.toUpperCase()
}

function ipv6Bytes(address: string): number[] {
  const [head = '', tail] = address.split('::') as [string, string | undefined]
  const words = (part: string) => (part === '' ? [] : part.split(':').map((w) => parseInt(w, 16)))
  const left = words(head)
  const right = tail === undefined ? [] : words(tail)
  const all = tail === undefined ? left : [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right]
  return all.flatMap((w) => [w >> 8, w & 0xff])
}
