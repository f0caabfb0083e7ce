import { createSocket } from 'node:dgram'
import type { AddressInfo } from 'node:net'

export interface UdpSink {
  port: number
  /** Resolves with the first `count` datagrams once they have arrived. */
  received(count: number): Promise<Buffer[]>
  /** What has arrived so far. */
  arrived(): Buffer[]
  close(): void
}

/** A UDP socket on a free loopback port that keeps every datagram it receives. */
export async function udpSink(): Promise<UdpSink> {
  const socket = createSocket('udp4')
  const datagrams: Buffer[] = []
  let wake = () => {}
  socket.on('message', (message) => {
    datagrams.push(message)
    wake()
  })
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve))
  return {
    port: (socket.address() as AddressInfo).port,
    async received(count) {
      while (datagrams.length < count) await new Promise<void>((resolve) => (wake = resolve))
      return datagrams.slice(0, count)
    },
    arrived: () => [...datagrams],
    close: () => socket.close(),
  }
}
