import { startChild } from '../lib/children.ts'
import { startCollectorChild } from '../lib/collector.ts'
const { child: sender } = await startChild('lib/udp-sender')
const c = await startCollectorChild()
for (const rate of [20000, 60000, 80000, 100000]) {
  const before = await c.settle()
  const b0 = Number((await (await fetch(`http://127.0.0.1:${c.httpPort}/metrics`)).text()).match(/upto_store_batches_total (\d+)/)![1])
  const s = await sender.call<{ sent: number }>({ cmd: 'send', port: c.udpPort, rate, seconds: 2, context: 'x', timeline: 't' + rate })
  const after = await c.settle()
  const b1 = Number((await (await fetch(`http://127.0.0.1:${c.httpPort}/metrics`)).text()).match(/upto_store_batches_total (\d+)/)![1])
  console.log(rate, 'lost', s.sent - (after.received - before.received), 'batches', b1 - b0, 'events/batch', ((after.stored - before.stored) / (b1 - b0)).toFixed(1))
}
await c.stop(); await c.remove(); await sender.stop()
