// The relay, put together: UDP in, the disk buffer, and out by push (--collector) or by pull (--serve).

import { join } from 'node:path'
import type { AgentCounters } from '../counters.ts'
import { createBackoff } from './backoff.ts'
import { type AgentLog, startForwarder } from './forwarder.ts'
import { collectorUrl, postJson, sleep } from './post.ts'
import { listenPullServer } from './pull-server.ts'
import { type SegmentBuffer, openSegmentBuffer } from './segment-buffer.ts'
import { listenUdpIntake } from './udp-intake.ts'

export interface RelayOptions {
  dataDir: string
  agentId: string
  udp: { host: string; port: number }
  /** Push: the collector's URL. */
  collector?: URL | undefined
  /** Pull: where to serve the buffer. */
  serve?: { host: string; port: number } | undefined
  token?: string | undefined
  bufferBytes: number
  /** Longest wait between two tries while the collector is down. */
  retryMaxMs: number
  localAddress: string
  counters: AgentCounters
  log: AgentLog
}

export interface Relay {
  udpPort: number
  /** The pull server's port, in pull mode. */
  pullPort?: number
  buffer: SegmentBuffer
  close(): Promise<void>
}

export async function startRelay(options: RelayOptions): Promise<Relay> {
  const { counters, log } = options
  const buffer = openSegmentBuffer({
    dir: join(options.dataDir, 'buffer'),
    maxBytes: options.bufferBytes,
    onDrop(events) {
      counters.droppedFull += events
      log.warn(`the buffer is full (${options.bufferBytes} bytes): dropped the ${events} oldest events not yet acknowledged`)
    },
    onWriteError(error) {
      log.warn(`could not write the buffer in ${options.dataDir}: ${error instanceof Error ? error.message : String(error)}: the events of that write may be lost`)
    },
  })
  const closers: Array<() => Promise<void>> = []
  try {
    const udp = await listenUdpIntake({ ...options.udp, buffer, agentId: options.agentId, counters, log, localAddress: options.localAddress })
    closers.push(() => udp.close())
    let pullPort: number | undefined
    if (options.collector !== undefined) {
      const post = postJson(collectorUrl(options.collector, '/api/events'), options.token)
      const forwarder = startForwarder({ buffer, post, sleep, backoff: createBackoff(250, options.retryMaxMs), counters, log })
      closers.push(() => forwarder.stop())
      log.info(`forwarding to ${options.collector.href}`)
    }
    if (options.serve !== undefined) {
      const server = await listenPullServer({ ...options.serve, buffer, counters, token: options.token, agentId: options.agentId })
      closers.push(() => server.close())
      pullPort = server.port
      log.info(`serving the buffer for collectors to pull on http://${options.serve.host}:${server.port}/pull`)
    }
    // said last: once it is in the log, every way in and out is open
    log.info(`listening on udp ${options.udp.host}:${udp.port}; ${buffer.stats().pending} events in the buffer from before`)
    return {
      udpPort: udp.port,
      ...(pullPort === undefined ? {} : { pullPort }),
      buffer,
      async close() {
        // UDP first: nothing arrives that could not be written; then the way out; then the files
        for (const close of closers) await close()
        await buffer.close()
      },
    }
  } catch (error) {
    for (const close of closers) await close()
    await buffer.close()
    throw error
  }
}
