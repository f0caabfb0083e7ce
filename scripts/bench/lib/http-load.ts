// Child: a load generator — several keep-alive connections, each POSTing msgpack batches back to back.
// Counts the answers that accepted every event of their batch.

import { Agent, request } from 'node:http'
import { encodeBatch } from '../../../src/codecs/encode.ts'
import { serveCommands } from './children.ts'

const POOL = 64

function bodies(context: string, timeline: string, size: number): Buffer[] {
  const t = Date.now()
  const out: Buffer[] = []
  for (let b = 0; b < POOL; b++) {
    const events = Array.from({ length: size }, (_, i) => ({
      kind: i % 2 === 0 ? ('start' as const) : ('end' as const),
      context,
      name: `build.stage${b % 8}.step${b * size + (i >> 1)}`,
      host: 'ci-runner-1',
      time: t + b * size + i,
      timeline,
    }))
    out.push(Buffer.from(encodeBatch(events)))
  }
  return out
}

export interface Load {
  requests: number
  accepted: number
  failed: number
  seconds: number
  firstError?: string
}

function load(port: number, path: string, connections: number, seconds: number, pool: Buffer[], size: number): Promise<Load> {
  const agent = new Agent({ keepAlive: true, maxSockets: connections })
  const result: Load = { requests: 0, accepted: 0, failed: 0, seconds: 0 }
  const t0 = performance.now()
  const deadline = t0 + seconds * 1000
  let n = 0
  const one = (body: Buffer) => new Promise<void>((resolve) => {
    const req = request({
      host: '127.0.0.1', port, path, method: 'POST', agent,
      headers: { 'content-type': 'application/msgpack', 'content-length': body.length },
    }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => {
        result.requests++
        const text = Buffer.concat(chunks).toString()
        let accepted = 0
        try {
          accepted = (JSON.parse(text) as { accepted?: number }).accepted ?? 0
        } catch {}
        if (res.statusCode === 200 && accepted === size) result.accepted += accepted
        else {
          result.failed++
          result.firstError ??= `HTTP ${res.statusCode}: ${text.slice(0, 200)}`
        }
        resolve()
      })
    })
    req.on('error', (error) => {
      result.failed++
      result.firstError ??= error.message
      resolve()
    })
    req.end(body)
  })
  const worker = async () => {
    while (performance.now() < deadline) await one(pool[n++ % POOL]!)
  }
  return Promise.all(Array.from({ length: connections }, worker)).then(() => {
    result.seconds = (performance.now() - t0) / 1000
    agent.destroy()
    return result
  })
}

serveCommands({ ready: true }, (c) => {
  const size = Number(c.batch)
  const pool = bodies(String(c.context), String(c.timeline), size)
  return load(Number(c.port), String(c.path), Number(c.connections), Number(c.seconds), pool, size) as unknown as Promise<Record<string, unknown>>
})
