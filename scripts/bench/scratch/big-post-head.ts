import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { request } from 'node:http'
import { startCollector } from '../../../node_modules/.cache/head/src/server/collector.ts'
const c = await startCollector({ port: 0, data: await mkdtemp(join(tmpdir(), 'x-')), log: () => {} })
const res = await new Promise<string>((resolve) => {
  const req = request({ host: '127.0.0.1', port: c.httpPort, path: '/api/events', method: 'POST', headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' } }, (r) => {
    let b = ''; r.on('data', (d) => (b += d)); r.on('end', () => resolve(`${r.statusCode} ${b}`))
  })
  req.on('error', (e) => resolve(`error ${e.message}`))
  const chunk = Buffer.alloc(64 * 1024, 32)
  let n = 0
  const write = () => { while (n < 40) { n++; if (!req.write(chunk)) { req.once('drain', write); return } } req.end() }
  write()
})
console.log(res)
console.log((await (await fetch(`http://127.0.0.1:${c.httpPort}/api/`)).status))
await c.close()
