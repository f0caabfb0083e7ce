// Serves the hono app on node:http, through @hono/node-server's listener.

import { type Server, createServer } from 'node:http'
import { getRequestListener } from '@hono/node-server'
import type { Hono } from 'hono'
import { limits } from '../core/limits.ts'
import { ListenError } from '../core/errors.ts'

export interface HttpListener {
  port: number
  server: Server
}

export interface HttpTimeouts {
  /** Longest wait for a request's headers; limits.headersMillis by default. */
  headersMillis?: number
  /** Longest wait for a whole request, body included; limits.requestMillis by default. */
  requestMillis?: number
}

/** `onError` hears the server's errors after it listens (they are never thrown). */
export function listenHttp(
  fetch: Hono['fetch'],
  port: number,
  host: string,
  onError: (error: Error) => void,
  timeouts: HttpTimeouts = {},
): Promise<HttpListener> {
  // Request headers over the limit get 431 from node itself; a client that is slow to send its headers or
  // body is cut off (the body limit is in events-route.ts). The pages' event streams are responses: not limited.
  const headersTimeout = timeouts.headersMillis ?? limits.headersMillis
  const requestTimeout = timeouts.requestMillis ?? limits.requestMillis
  const server = createServer(
    {
      maxHeaderSize: limits.headerBytes, headersTimeout, requestTimeout,
      // node checks both timeouts only this often (30 s by default): a twentieth of the shorter, at most 500 ms,
      // so that each is enforced within a second of its figure
      connectionsCheckingInterval: Math.min(500, Math.ceil(Math.min(headersTimeout, requestTimeout) / 20)),
    },
    getRequestListener(fetch),
  )
  return new Promise((resolve, reject) => {
    const failed = (error: Error) => reject(new ListenError('http', host, port, error))
    server.once('error', failed)
    server.listen(port, host, () => {
      server.off('error', failed)
      server.on('error', onError)
      const address = server.address()
      resolve({ port: typeof address === 'object' && address !== null ? address.port : port, server })
    })
  })
}
