// The agent's UDP port: what `upto start …` sends on this machine (msgpack or text lines, decoded as the
// collector's UDP source decodes them: codecs/datagram.ts) goes into the buffer. An item that does not decode
// is counted by reason and never buffered: the collector would refuse it too.

import { createSocket } from 'node:dgram'
import { isIPv6 } from 'node:net'
import { decodeDatagram } from '../../codecs/datagram.ts'
import { ListenError } from '../../core/errors.ts'
import { type AgentCounters, countReason } from '../counters.ts'
import type { AgentLog } from './forwarder.ts'
import { takeEvents } from './intake.ts'
import type { SegmentBuffer } from './segment-buffer.ts'

export interface UdpIntakeOptions {
  host: string
  port: number
  buffer: SegmentBuffer
  agentId: string
  counters: AgentCounters
  log: AgentLog
  /** The host of items that say autoIP when they come from this machine: its address, not 127.0.0.1. */
  localAddress: string
  now?: () => number
}

export interface UdpIntake {
  port: number
  close(): Promise<void>
}

const loopback = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1'])

export function listenUdpIntake(options: UdpIntakeOptions): Promise<UdpIntake> {
  const { buffer, agentId, counters, log } = options
  const now = options.now ?? Date.now
  const socket = createSocket({ type: isIPv6(options.host) ? 'udp6' : 'udp4' })
  socket.on('message', (bytes, rinfo) => {
    const received = now()
    const sender = loopback.has(rinfo.address) ? options.localAddress : rinfo.address
    const decoded = decodeDatagram(bytes, received, sender)
    for (const refusal of decoded.refused) countReason(counters.refusedOnEntry, refusal.reason)
    try {
      counters.received += takeEvents(buffer, agentId, decoded, received)
    } catch (error) {
      log.warn(`could not keep ${decoded.events.length} events in the buffer: ${error instanceof Error ? error.message : String(error)}`)
    }
  })
  return new Promise((resolve, reject) => {
    socket.once('error', (error) => {
      socket.close()
      reject(new ListenError('agent udp', options.host, options.port, error))
    })
    socket.bind(options.port, options.host, () => {
      socket.removeAllListeners('error')
      socket.on('error', (error) => log.warn(`udp socket: ${error.message}`))
      try {
        socket.setRecvBufferSize(8 * 1024 * 1024)
      } catch {
        // the OS keeps its own size: bursts may be dropped by the kernel sooner
      }
      let closed: Promise<void> | undefined
      resolve({ port: socket.address().port, close: () => (closed ??= new Promise((done) => socket.close(() => done()))) })
    })
  })
}
