// Child: the physical floor of the service graph's /submit — a bare node:http server that reads each body,
// parses its JSON and answers 200 with an empty body, as the collector does; nothing is checked or stored.

import { createServer } from 'node:http'
import { serveCommands } from './children.ts'

let edges = 0
const server = createServer((req, res) => {
  const chunks: Buffer[] = []
  req.on('data', (c: Buffer) => chunks.push(c))
  req.on('end', () => {
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { edges?: unknown[] }
    edges += body.edges?.length ?? 0
    res.writeHead(200)
    res.end()
  })
})
server.listen(0, '127.0.0.1', () => {
  const address = server.address()
  serveCommands({ port: typeof address === 'object' && address ? address.port : 0 }, () => ({ edges }), async () => {
    server.close()
  })
})
