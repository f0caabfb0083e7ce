// The POST of a big import: node:http on kept-alive connections. fetch copies every body into a stream of its
// own, and those copies, held while in flight, outlive the young generation: importing a 33 MB trace, they were
// most of the memory that grew while sending.

import { Agent, request } from 'node:http'
import type { Post } from '../../cli/send.ts'

export function importPost(connections: number): { post: Post; close(): void } {
  const agent = new Agent({ keepAlive: true, maxSockets: connections })
  const post: Post = (url, headers, body, timeoutMs) => new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', agent, headers: { ...headers, 'content-length': String(body.length) }, timeout: timeoutMs }, (res) => {
      const parts: Buffer[] = []
      res.on('data', (part: Buffer) => parts.push(part))
      res.once('error', reject)
      res.once('end', () => {
        const retryAfter = res.headers['retry-after']
        resolve({
          status: res.statusCode ?? 0,
          statusText: res.statusMessage ?? '',
          retryAfter: typeof retryAfter === 'string' ? retryAfter : null,
          text: Buffer.concat(parts).toString('utf8'),
        })
      })
    })
    req.once('timeout', () => req.destroy(Object.assign(new Error('no answer in time'), { name: 'TimeoutError' })))
    req.once('error', reject)
    req.end(body)
  })
  return { post, close: () => agent.destroy() }
}
