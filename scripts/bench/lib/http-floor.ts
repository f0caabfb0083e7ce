// Child: the physical floor of HTTP ingest — a bare node:http server that reads each body, decodes it with
// @msgpack/msgpack and answers how many events it held, as the collector does; nothing is stored.

import { createServer } from 'node:http'
import { decode } from '@msgpack/msgpack'
import { serveCommands } from './children.ts'

let events = 0
const server = createServer((req, res) => {
  const chunks: Buffer[] = []
  req.on('data', (c: Buffer) => chunks.push(c))
  req.on('end', () => {
    const body = decode(Buffer.concat(chunks))
    const accepted = Array.isArray(body) ? body.length : 1
    events += accepted
    res.writeHead(200, { 'content-type': 'application/json' })
    res.end(JSON.stringify({ accepted, refused: [] }))
  })
})
server.listen(0, '127.0.0.1', () => {
  const address = server.address()
  serveCommands({ port: typeof address === 'object' && address ? address.port : 0 }, () => ({ events }), async () => {
    server.close()
  })
})
