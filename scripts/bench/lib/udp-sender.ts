// Child: sends datagrams at a fixed rate, as the original client would (one event a datagram).
// Paced in bursts of about a millisecond: each timer tick sends what is due by now.

import { createSocket } from 'node:dgram'
import { serveCommands } from './children.ts'
import { POOL, datagrams } from './udp-datagrams.ts'

const socket = createSocket('udp4')

function send(port: number, rate: number, seconds: number, pool: Buffer[]): Promise<{ sent: number; seconds: number }> {
  socket.connect(port, '127.0.0.1')
  return new Promise((resolve, reject) => {
    socket.once('error', reject)
    socket.once('connect', () => {
      const total = Math.round(rate * seconds)
      let sent = 0
      const t0 = performance.now()
      const tick = () => {
        const due = Math.min(total, Math.floor(((performance.now() - t0) / 1000) * rate))
        while (sent < due) socket.send(pool[sent++ % POOL]!)
        if (sent < total) {
          // sleep until more is due: a sender that spins would take the CPU the receiver needs
          setTimeout(tick, 1)
          return
        }
        const elapsed = (performance.now() - t0) / 1000
        socket.disconnect()
        socket.off('error', reject)
        resolve({ sent, seconds: elapsed })
      }
      tick()
    })
  })
}

serveCommands({ ready: true }, async (c) => {
  const pool = datagrams(String(c.context), String(c.timeline))
  return send(Number(c.port), Number(c.rate), Number(c.seconds), pool)
})
