import { startChild } from '../lib/children.ts'
import { startCollectorChild } from '../lib/collector.ts'
import { profileFolder, topFrames, framesTable } from '../lib/profile.ts'
const rate = Number(process.argv[2] ?? 100000)
const { child: sender } = await startChild('lib/udp-sender')
const dir = profileFolder('scratch-udp')
const c = await startCollectorChild({ profileDir: dir })
await sender.call({ cmd: 'send', port: c.udpPort, rate: 20000, seconds: 1, context: 'x', timeline: 'warm' })
const before = await c.settle()
const s = await sender.call<{ sent: number }>({ cmd: 'send', port: c.udpPort, rate, seconds: 3, context: 'x', timeline: 't' })
const after = await c.settle()
console.log('lost', s.sent - (after.received - before.received))
await c.stop(); await c.remove(); await sender.stop()
console.log(framesTable(topFrames(dir, Number(process.argv[3] ?? 30))))
