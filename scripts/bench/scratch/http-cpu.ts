import { readFileSync, readdirSync } from 'node:fs'
import { startChild } from '../lib/children.ts'
import { startCollectorChild } from '../lib/collector.ts'
const threads = (pid: number) => { let main = 0, other = 0; for (const t of readdirSync(`/proc/${pid}/task`)) { const f = readFileSync(`/proc/${pid}/task/${t}/stat`, 'utf8').split(') ')[1]!.split(' '); const v = (Number(f[11]) + Number(f[12])) * 10; if (Number(t) === pid) main += v; else other += v } return { main, other } }
const { child: loader } = await startChild('lib/http-load')
const { child: floor, ready } = await startChild<{ port: number }>('lib/http-floor')
const c = await startCollectorChild()
for (const [name, port, path, pid] of [['floor', ready.port, '/', floor.process.pid!], ['collector', c.httpPort, '/api/events', c.child.process.pid!]] as const) {
  await loader.call({ cmd: 'load', port, path, connections: 8, seconds: 1, batch: 100, context: 'x', timeline: 'w' })
  const a = threads(pid), la = threads(loader.process.pid!)
  const r = await loader.call<{ accepted: number; seconds: number }>({ cmd: 'load', port, path, connections: 8, seconds: 4, batch: 100, context: 'x', timeline: 't' })
  const b = threads(pid), lb = threads(loader.process.pid!)
  console.log(name, Math.round(r.accepted / r.seconds), 'ev/s; server main µs/event', ((b.main - a.main) * 1000 / r.accepted).toFixed(2), 'other threads', ((b.other - a.other) * 1000 / r.accepted).toFixed(2), 'loader', ((lb.main + lb.other - la.main - la.other) * 1000 / r.accepted).toFixed(2))
}
await c.stop(); await c.remove(); await floor.stop(); await loader.stop()
