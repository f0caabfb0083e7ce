// How the client sends its datagrams. node:dgram would cost a CI step ~5 ms before the first one: dgram's
// implicit bind() loads `cluster` (and with it `net` and `child_process`), its default lookup loads `dns` even
// for an IP address, and dgram itself takes ~1 ms. Node's own UDP handle, which dgram wraps, sends the same
// datagram with none of that. It is not a public API, so it is used only where it is offered as expected;
// dgram is the fallback.

import { getSystemErrorName } from 'node:util'
import type { Destination } from './destination.ts'
import { nodeBinding } from './node-binding.ts'

export interface UdpSender {
  /** Resolves when the kernel took the datagram; nothing tells whether anyone listens. */
  send(bytes: Uint8Array): Promise<void>
  close(): void
}

/** One socket for one or more datagrams to `to`; a host name is looked up once. */
export function udpSender(to: Destination): UdpSender {
  const family = to.host.includes(':') ? 6 : 4 // an IPv6 literal; names never hold ':'
  const address = ipLiteral.test(to.host) ? Promise.resolve(to.host) : lookup(to.host, family)
  void address.catch(() => undefined) // send() reports a failed lookup; it is never an unhandled rejection
  const binding = udpBinding()
  return binding ? handleSender(binding, family, address, to.port) : dgramSender(family, address, to.port)
}

const ipLiteral = /^(\d{1,3}\.){3}\d{1,3}$|:/ // not node:net's isIP: loading net costs ~3 ms

async function lookup(host: string, family: 4 | 6): Promise<string> {
  const dns = await import('node:dns')
  return (await dns.promises.lookup(host, family)).address
}

interface SendRequest {
  oncomplete?: (status: number) => void
  list?: Uint8Array[]
}

interface UdpHandle {
  send(req: SendRequest, list: Uint8Array[], count: number, port: number, address: string, callback: boolean): number
  send6(req: SendRequest, list: Uint8Array[], count: number, port: number, address: string, callback: boolean): number
  close(): void
}

interface UdpBinding {
  UDP: new () => UdpHandle
  SendWrap: new () => SendRequest
}

function handleSender(binding: UdpBinding, family: 4 | 6, address: Promise<string>, port: number): UdpSender {
  const handle = new binding.UDP() // the kernel binds it to a free port on the first send
  return {
    async send(bytes) {
      const ip = await address
      await new Promise<void>((resolve, reject) => {
        const req = new binding.SendWrap()
        req.list = [bytes] // kept alive until the send completes
        req.oncomplete = (status) => (status < 0 ? reject(systemError(status)) : resolve())
        const status = (family === 6 ? handle.send6 : handle.send).call(handle, req, req.list, 1, port, ip, true)
        if (status < 0) reject(systemError(status))
        else if (status > 0) resolve() // sent at once (length + 1): oncomplete will not be called
      })
    },
    close: () => handle.close(),
  }
}

/** node:udp_wrap as dgram uses it; undefined when it is not there or not as expected. */
function udpBinding(): UdpBinding | undefined {
  const { UDP, SendWrap } = (nodeBinding('udp_wrap') ?? {}) as Partial<UdpBinding>
  const usable = typeof UDP === 'function' && typeof SendWrap === 'function' && typeof UDP.prototype.send === 'function'
  return usable ? { UDP, SendWrap } : undefined
}

function systemError(status: number): Error {
  const code = getSystemErrorName(status)
  return Object.assign(new Error(`send ${code}`), { code })
}

function dgramSender(family: 4 | 6, address: Promise<string>, port: number): UdpSender {
  const socket = import('node:dgram').then((dgram) => dgram.createSocket(family === 6 ? 'udp6' : 'udp4'))
  let failure: Error | undefined
  void socket.then((s) => s.on('error', (error) => (failure = error)))
  return {
    async send(bytes) {
      const [s, ip] = await Promise.all([socket, address])
      if (failure) throw failure
      await new Promise<void>((resolve, reject) => s.send(bytes, port, ip, (error) => (error ? reject(error) : resolve())))
    },
    close: () => void socket.then((s) => s.close()),
  }
}
