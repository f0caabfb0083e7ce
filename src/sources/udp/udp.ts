// The UDP receiver: each datagram is decoded and delivered (deliver.ts counts and queues it), nothing else. Socket errors are
// logged, never thrown: the collector stays up whatever arrives.

import { type Socket, createSocket } from 'node:dgram'
import { isIPv6 } from 'node:net'
import type { Delivery } from '../../pipeline/deliver.ts'
import type { Metrics } from '../../pipeline/metrics.ts'
import { decodeDatagram } from '../../codecs/datagram.ts'
import { signedDatagramDecoder } from '../../codecs/udp-verify.ts'
import { ListenError } from '../../core/errors.ts'
import { type Logger, errorMessage } from '../../pipeline/log.ts'
import { kernelDrops } from './kernel-drops.ts'

export interface UdpOptions {
  port: number
  host: string
  /** Into the ingest queue, counted under the source's name. */
  deliver: Delivery
  metrics: Metrics
  log: Logger
  now?: () => number
  /** Receive buffer to ask the OS for; default 8 MiB, so bursts wait in the kernel, not on the floor. */
  recvBufferSize?: number
  /** --udp-key: only datagrams signed with it are decoded; the others are refused and counted. */
  key?: string
  /** The source's name in logs; default `udp`. */
  name?: string
}

export interface UdpReceiver {
  port: number
  close(): Promise<void>
}

export const defaultRecvBufferSize = 8 * 1024 * 1024

export function listenUdp(options: UdpOptions): Promise<UdpReceiver> {
  const { deliver, metrics, log } = options
  const name = options.name ?? 'udp'
  const now = options.now ?? Date.now
  const asked = options.recvBufferSize ?? defaultRecvBufferSize
  const socket = createSocket({ type: isIPv6(options.host) ? 'udp6' : 'udp4' })
  const decode = options.key === undefined ? decodeDatagram : signedDatagramDecoder(options.key)

  socket.on('message', (bytes, rinfo) => {
    try {
      const received = now()
      deliver.push(decode(bytes, received, rinfo.address), rinfo.address, received)
    } catch (error) {
      log.error(`${name} datagram from ${rinfo.address} not handled: ${errorMessage(error)}`)
    }
  })

  return new Promise((resolve, reject) => {
    const failed = (error: Error) => {
      try {
        socket.close()
      } catch {
        // Already closed.
      }
      reject(new ListenError(name, options.host, options.port, error))
    }
    socket.once('error', failed)
    socket.bind(options.port, options.host, () => {
      socket.off('error', failed)
      socket.on('error', (error) => log.error(`${name} socket: ${errorMessage(error)}`))
      const { address, port } = socket.address()
      if (name === 'udp') metrics.kernelDrops(() => kernelDrops({ address, port })) // the collector's own port
      log.info(`listening on ${name === 'udp' ? 'udp' : `udp (${name})`} ${options.host}:${port} (${receiveBuffer(socket, asked)})`)
      let closed: Promise<void> | undefined
      resolve({
        port,
        close: () => (closed ??= new Promise((done) => socket.close(() => done()))),
      })
    })
  })
}

/** Asks for the buffer; says what the OS granted (Linux reports twice what it keeps for data). */
function receiveBuffer(socket: Socket, asked: number): string {
  try {
    socket.setRecvBufferSize(asked)
    const granted = socket.getRecvBufferSize()
    const hint = granted < asked ? `; raise it with sysctl net.core.rmem_max=${asked}` : ''
    return `receive buffer ${granted} bytes granted, ${asked} asked${hint}`
  } catch (error) {
    return `receive buffer of ${asked} bytes refused: ${errorMessage(error)}`
  }
}
