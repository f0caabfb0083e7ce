// Writes a facet takes without --token from some networks: servicegraph's SDK posts to /submit/ with no way to
// send a token, so a collector with --token can let the hosts that run it in by address (`10.0.0.0/8`, `::1`).

import type { IncomingMessage } from 'node:http'
import { BlockList, isIP } from 'node:net'
import type { Context } from 'hono'

export interface OpenWrites {
  /** Exact paths, `/submit` and `/submit/`. */
  paths: readonly string[]
  /** Addresses and networks (CIDR) whose writes to those paths need no token. */
  from: readonly string[]
}

/** Why an address or network is not one: undefined when it is. */
export function networkProblem(text: string): string | undefined {
  const [address, bits, ...rest] = text.split('/')
  const family = isIP(address ?? '')
  if (family === 0 || rest.length > 0) return `"${text}" is not an address or a network: expected 10.0.0.0/8, 192.168.1.7 or fd00::/8`
  if (bits === undefined) return undefined
  const prefix = Number(bits)
  const most = family === 4 ? 32 : 128
  return /^\d+$/.test(bits) && prefix <= most ? undefined : `"${text}": a network's prefix is 0 to ${most} bits`
}

/** Whether a request may write without a token: undefined when no facet opens any path. */
export function openWritesMatcher(open: readonly OpenWrites[]): ((c: Context) => boolean) | undefined {
  const byPath = new Map<string, BlockList>()
  for (const { paths, from } of open) {
    if (from.length === 0) continue
    for (const path of paths) {
      let list = byPath.get(path)
      if (list === undefined) byPath.set(path, (list = new BlockList()))
      for (const network of from) add(list, network)
    }
  }
  if (byPath.size === 0) return undefined
  return (c) => {
    const list = byPath.get(c.req.path)
    if (list === undefined) return false
    const address = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming?.socket?.remoteAddress
    if (address === undefined) return false
    // an IPv4 client of a dual-stack socket is ::ffff:a.b.c.d
    const plain = address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address
    return list.check(plain, isIP(plain) === 4 ? 'ipv4' : 'ipv6')
  }
}

function add(list: BlockList, network: string): void {
  const [address, bits] = network.split('/') as [string, string | undefined]
  const type = isIP(address) === 4 ? 'ipv4' : 'ipv6'
  if (bits === undefined) list.addAddress(address, type)
  else list.addSubnet(address, Number(bits), type)
}
