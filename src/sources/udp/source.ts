// The UDP source as a source type: `[sources.NAME] type = "udp"` listens on another port too (the collector's
// own UDP port is this same source, started with the collector's host and port).

import type { SourceType } from '../types.ts'
import { defaultRecvBufferSize, listenUdp } from './udp.ts'

export interface UdpSourceOptions {
  host: string
  port: number
  /** Only datagrams signed with it are accepted (proto/udp-signature.md). */
  key?: string
  recv_buffer_size?: number
}

export const udpSource: SourceType<UdpSourceOptions> = {
  type: 'udp',
  settings: {
    host: { type: 'string', description: 'address to bind', default: '127.0.0.1' },
    port: { type: 'integer', description: 'UDP port', min: 0, required: true },
    key: { type: 'string', description: 'accept only datagrams signed with this key, HMAC-SHA256', secret: true },
    recv_buffer_size: { type: 'size', description: 'receive buffer to ask the OS for', default: String(defaultRecvBufferSize) },
  },
  start: ({ host, port, key, recv_buffer_size }, { deliver, metrics, log, now, name }) =>
    listenUdp({
      host, port, deliver, metrics, log, now, name,
      ...(key === undefined ? {} : { key }), ...(recv_buffer_size === undefined ? {} : { recvBufferSize: recv_buffer_size }),
    }),
}
