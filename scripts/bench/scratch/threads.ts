import { readFileSync, readdirSync } from 'node:fs'
import { startChild } from '../lib/children.ts'
import { startCollectorChild } from '../lib/collector.ts'
const rate = Number(process.argv[2] ?? 100000)
const { child: sender } = await startChild('lib/udp-sender')
const c = await startCollectorChild()
function threads(pid: number) {
  const out = new Map<string, number>()
  for (const t of readdirSync(`/proc/${pid}/task`)) {
    const stat = readFileSync(`/proc/${pid}/task/${t}/stat`, 'utf8')
    const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'))
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    out.set(`${t} ${name}`, (Number(f[11]) + Number(f[12])) * 10) // ms
  }
  return out
}
await sender.call({ cmd: 'send', port: c.udpPort, rate: 20000, seconds: 1, context: 'x', timeline: 'warm' })
const before = await c.settle()
await c.child.call({ cmd: 'delay' })
const t0 = threads(c.child.process.pid!)
const sp0 = threads(sender.process.pid!)
const s = await sender.call<{ sent: number, seconds: number }>({ cmd: 'send', port: c.udpPort, rate, seconds: 3, context: 'x', timeline: 't' })
const t1 = threads(c.child.process.pid!)
const sp1 = threads(sender.process.pid!)
const after = await c.settle()
console.log('loop delay ms', await c.child.call({ cmd: 'delay' }))
console.log('lost', s.sent - (after.received - before.received), 'wall ms', Math.round(s.seconds * 1000))
for (const [k, v] of t1) { const d = v - (t0.get(k) ?? 0); if (d > 0) console.log('collector', k, d, 'ms') }
for (const [k, v] of sp1) { const d = v - (sp0.get(k) ?? 0); if (d > 0) console.log('sender', k, d, 'ms') }
await c.stop(); await c.remove(); await sender.stop()
