// Pull mode (proto/agent-pull.md): the agent serves its buffer to a collector that may open connections
// where the agent may not. GET /pull?max=N answers the oldest unacknowledged events — the same JSON array as
// a POST /api/events body — with the last one's sequence in `Upto-Cursor`, or 204 when there is none; asking
// again before acknowledging answers the same events. POST /ack?cursor=N says everything up to N is durable.
// GET /status tells the buffer's figures. With --token, every request needs `Authorization: Bearer TOKEN`.

import { createHash, timingSafeEqual } from 'node:crypto'
import { type IncomingMessage, type ServerResponse, createServer } from 'node:http'
import { presented } from '../../http/auth.ts'
import { ListenError } from '../../core/errors.ts'
import type { AgentCounters } from '../counters.ts'
import type { SegmentBuffer } from './segment-buffer.ts'
import { wireBody } from './wire-line.ts'

export interface PullServerOptions {
  host: string
  port: number
  buffer: SegmentBuffer
  counters: AgentCounters
  token?: string | undefined
  agentId: string
}

export interface PullServer {
  port: number
  close(): Promise<void>
}

/** Most events one pull answers: what the collector takes in one POST /api/events. */
export const pullMost = 1000
const pullBytes = 900 * 1024

export function listenPullServer(options: PullServerOptions): Promise<PullServer> {
  const { buffer, counters } = options
  const token = options.token === undefined ? undefined : digest(options.token)
  const server = createServer((request, response) => {
    if (token !== undefined) {
      const given = presented(request.headers.authorization)
      if (given === undefined || !timingSafeEqual(digest(given), token)) {
        return answer(response, 401, { error: 'unauthorized', message: `${request.method} ${request.url} needs the agent's --token: send Authorization: Bearer TOKEN` })
      }
    }
    const url = new URL(request.url ?? '/', 'http://agent')
    if (request.method === 'GET' && url.pathname === '/pull') return pull(url, response)
    if (request.method === 'POST' && url.pathname === '/ack') return void ack(url, request, response)
    if (request.method === 'GET' && url.pathname === '/status') return answer(response, 200, { agent: options.agentId, ...buffer.stats(), counters })
    answer(response, 404, { error: 'not_found', message: `${request.method} ${url.pathname} is not an agent route: expected GET /pull, POST /ack or GET /status` })
  })

  function pull(url: URL, response: ServerResponse): void {
    const asked = url.searchParams.get('max')
    const max = asked === null ? pullMost : Number(asked)
    if (!Number.isSafeInteger(max) || max < 1 || max > pullMost) {
      return answer(response, 400, { error: 'bad_request', message: `max=${asked} is not allowed: expected a whole number from 1 to ${pullMost}` })
    }
    const batch = buffer.peek(max, pullBytes)
    const pending = String(buffer.stats().pending)
    if (batch.length === 0) {
      response.writeHead(204, { 'upto-pending': pending }).end()
      return
    }
    response.writeHead(200, { 'content-type': 'application/json', 'upto-cursor': String(batch.at(-1)!.seq), 'upto-pending': pending })
    response.end(wireBody(batch.map((b) => b.line)))
  }

  async function ack(url: URL, request: IncomingMessage, response: ServerResponse): Promise<void> {
    for await (const _ of request) {
      // the cursor is in the query; a body is read and left
    }
    const given = url.searchParams.get('cursor')
    const cursor = Number(given)
    const { nextSeq, acked } = buffer.stats()
    if (given === null || !Number.isSafeInteger(cursor) || cursor < 0 || cursor >= nextSeq) {
      return answer(response, 400, { error: 'bad_request', message: `cursor=${given} is not one this agent gave: expected a whole number from 0 to ${nextSeq - 1} (an Upto-Cursor of GET /pull)` })
    }
    const before = acked
    buffer.ack(cursor)
    counters.forwarded += Math.max(0, cursor - before)
    answer(response, 200, { acknowledged: Math.max(cursor, before), pending: buffer.stats().pending })
  }

  return new Promise((resolve, reject) => {
    server.once('error', (error) => reject(new ListenError('agent http', options.host, options.port, error)))
    server.listen(options.port, options.host, () => {
      const address = server.address()
      const port = typeof address === 'object' && address !== null ? address.port : options.port
      let closed: Promise<void> | undefined
      resolve({
        port,
        close: () => (closed ??= new Promise((done) => {
          server.close(() => done())
          server.closeAllConnections()
        })),
      })
    })
  })
}

function answer(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body))
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest()
}
