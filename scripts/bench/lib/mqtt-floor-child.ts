// Child: the floor beside the watchdog — a bare MQTT subscriber to the same activity topics that parses each
// message's JSON and keeps the newest per topic, nothing more. Its CPU and memory are what hearing the pings costs.

import { connectAsync } from 'mqtt'
import { serveCommands } from './children.ts'

const [url, topic] = process.argv.slice(2)
if (url === undefined || topic === undefined) throw new Error('usage: mqtt-floor-child URL TOPIC')
const client = await connectAsync(url, { reconnectPeriod: 0 })
const newest = new Map<string, unknown>()
let heard = 0
client.on('message', (t, payload) => {
  newest.set(t, JSON.parse(payload.toString()))
  heard++
})
await client.subscribeAsync(topic, { qos: 0 })

serveCommands(
  { ready: true },
  (c) => {
    if (c.cmd === 'memory') return { ...process.memoryUsage() }
    if (c.cmd === 'cpu') return { ...process.cpuUsage() }
    if (c.cmd === 'heard') return { heard }
    throw new Error(`unknown command ${String(c.cmd)}`)
  },
  () => client.endAsync(),
)
