import { readFileSync } from 'node:fs'
import { startChild } from '../lib/children.ts'
const rate = Number(process.argv[2] ?? 100000)
const { child: sender } = await startChild('lib/udp-sender')
const { child: floor, ready } = await startChild<{ port: number }>('lib/udp-floor')
const cpuOf = (pid: number) => { const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' '); return (Number(f[11]) + Number(f[12])) * 10 }
await sender.call({ cmd: 'send', port: ready.port, rate: 20000, seconds: 1, context: 'x', timeline: 'w' })
const c0 = cpuOf(floor.process.pid!)
const a = await floor.call<{ count: number }>({ cmd: 'count' })
const s = await sender.call<{ sent: number }>({ cmd: 'send', port: ready.port, rate, seconds: 3, context: 'x', timeline: 't' })
await new Promise((r) => setTimeout(r, 300))
const b = await floor.call<{ count: number }>({ cmd: 'count' })
const c1 = cpuOf(floor.process.pid!)
console.log(rate, 'lost', s.sent - (b.count - a.count), 'floor cpu ms', c1 - c0, 'µs/dgram', ((c1 - c0) * 1000 / s.sent).toFixed(2))
await floor.stop(); await sender.stop()
