// The UDP receiver: its socket is read on a thread of its own (reader-thread.ts); each datagram it hands over is
// decoded and delivered here (deliver.ts counts and queues it), nothing else. Socket errors are logged, never
// thrown: the collector stays up whatever arrives.

import { isIPv6 } from 'node:net'
import { Worker } from 'node:worker_threads'
import type { Delivery } from '../../pipeline/deliver.ts'
import type { Metrics } from '../../pipeline/metrics.ts'
import { decodeDatagram } from '../../codecs/datagram.ts'
import { signedDatagramDecoder } from '../../codecs/udp-verify.ts'
import { ListenError } from '../../core/errors.ts'
import { type Logger, errorMessage } from '../../pipeline/log.ts'
import { kernelDrops } from './kernel-drops.ts'
import { type ReaderBind, type ReaderMessage, readerSource } from './reader-thread.ts'

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
  /** Bytes read and not yet decoded beyond which the reader thread drops datagrams; default maxPendingBytes. */
  maxPendingBytes?: number
  /** A reader thread started beforehand (startUdpReader), so that it is running by the time HTTP answers. */
  reader?: Worker
}

export interface UdpReceiver {
  port: number
  close(): Promise<void>
}

export const defaultRecvBufferSize = 8 * 1024 * 1024

/** Bytes read and not yet decoded beyond which the reader thread drops datagrams (counted): about a second at full rate. */
export const maxPendingBytes = 16 * 1024 * 1024

/** Boots a reader thread (tens of milliseconds); listenUdp tells it where to listen. */
export function startUdpReader(name = 'udp'): Worker {
  // the reader keeps little on its heap (the datagrams' bytes are outside it): a small young generation is enough
  return new Worker(readerSource, { eval: true, name: `upto ${name} reader`, resourceLimits: { maxYoungGenerationSizeMb: 2 } })
}

export function listenUdp(options: UdpOptions): Promise<UdpReceiver> {
  const { deliver, metrics, log } = options
  const name = options.name ?? 'udp'
  const now = options.now ?? Date.now
  const asked = options.recvBufferSize ?? defaultRecvBufferSize
  const decode = options.key === undefined ? decodeDatagram : signedDatagramDecoder(options.key)
  const pending = new Int32Array(new SharedArrayBuffer(4))
  const data: ReaderBind = { type: isIPv6(options.host) ? 'udp6' : 'udp4', host: options.host, port: options.port, recvBufferSize: asked, pending, maxPending: options.maxPendingBytes ?? maxPendingBytes }
  const reader = options.reader ?? startUdpReader(name)
  reader.postMessage(data)
  let closing = false
  let where = `${options.host}:${options.port}`
  const exited = new Promise<void>((done) => reader.once('exit', (code) => {
    if (!closing) log.error(`${name} reader thread stopped (exit code ${code}): datagrams on ${where} are no longer read; restart the collector`)
    done()
  }))

  const take = (batch: Extract<ReaderMessage, { type: 'batch' }>) => {
    const bytes = Buffer.from(batch.bytes)
    // the reader's clock says when each came; an injected clock is moved back by the same age
    const clock = now()
    const real = Date.now()
    let start = 0
    for (let i = 0; i < batch.ends.length; i++) {
      const end = batch.ends[i]!
      const address = batch.hosts[batch.from[i]!]!
      try {
        const received = clock - (real - batch.received[i]!)
        deliver.push(decode(bytes.subarray(start, end), received, address), address, received)
      } catch (error) {
        log.error(`${name} datagram from ${address} not handled: ${errorMessage(error)}`)
      }
      start = end
    }
    Atomics.sub(pending, 0, bytes.length)
    if (batch.dropped > 0) {
      metrics.dropped(name, batch.dropped, 'queue_full')
      log.limited('warn', `${name} reader`, `dropped ${batch.dropped} datagrams: more than ${data.maxPending} bytes were waiting to be decoded`)
    }
  }

  return new Promise((resolve, reject) => {
    let listening = false
    reader.on('message', (message: ReaderMessage) => {
      if (message.type === 'batch') return take(message)
      if (message.type === 'error') {
        if (listening) return log.error(`${name} socket: ${message.message}`)
        closing = true
        void reader.terminate()
        return reject(new ListenError(name, options.host, options.port, Object.assign(new Error(message.message), { code: message.code })))
      }
      listening = true
      const { address, port, granted } = message
      where = `${options.host}:${port}`
      if (name === 'udp') metrics.kernelDrops(() => kernelDrops({ address, port })) // the collector's own port
      log.info(`listening on ${name === 'udp' ? 'udp' : `udp (${name})`} ${options.host}:${port} (${receiveBuffer(granted, asked)})`)
      let closed: Promise<void> | undefined
      resolve({
        port,
        close: () => (closed ??= ((closing = true), reader.postMessage('close'), exited)),
      })
    })
    reader.on('error', (error) => {
      if (listening) log.error(`${name} reader: ${errorMessage(error)}`)
      else {
        closing = true
        reject(new ListenError(name, options.host, options.port, error))
      }
    })
  })
}

/** Says what the OS granted for the buffer asked (Linux reports twice what it keeps for data). */
function receiveBuffer(granted: number | string, asked: number): string {
  if (typeof granted === 'string') return `receive buffer of ${asked} bytes refused: ${granted}`
  const hint = granted < asked ? `; raise it with sysctl net.core.rmem_max=${asked}` : ''
  return `receive buffer ${granted} bytes granted, ${asked} asked${hint}`
}
