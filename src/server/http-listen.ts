// Serves the hono app on node:http, through @hono/node-server's listener.

import { type Server, createServer } from 'node:http'
import { getRequestListener } from '@hono/node-server'
import type { Hono } from 'hono'
import { limits } from '../core/limits.ts'
import { ListenError } from './listen-error.ts'

export interface HttpListener {
  port: number
  server: Server
}

/** `onError` hears the server's errors after it listens (they are never thrown). */
export function listenHttp(
  fetch: Hono['fetch'],
  port: number,
  host: string,
  onError: (error: Error) => void,
): Promise<HttpListener> {
  // Request headers over the limit get 431 from node itself; a client that is slow to send its headers or
  // body is cut off (the body limit is in events-route.ts). The pages' event streams are responses: not limited.
  const server = createServer(
    { maxHeaderSize: limits.headerBytes, headersTimeout: limits.headersMillis, requestTimeout: limits.requestMillis },
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
