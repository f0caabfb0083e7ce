// Child: sends datagrams at a fixed rate, as the original client would (one event a datagram).
// Paced in bursts of about a millisecond: each timer tick sends what is due by now.

import { createSocket } from 'node:dgram'
import { encodeEvent } from '../../../src/protocol/encode.ts'
import { serveCommands } from './children.ts'

const socket = createSocket('udp4')
const POOL = 1024

/** Distinct starts and ends of one timeline; the time moves on for every pass over the pool. */
function datagrams(context: string, timeline: string): Buffer[] {
  const t = Date.now()
  const pool: Buffer[] = []
  for (let i = 0; i < POOL; i++) {
    const kind = i % 2 === 0 ? 'start' : 'end'
    const name = `build.stage${(i >> 5) % 8}.step${i >> 1}`
    pool.push(Buffer.from(encodeEvent({ kind, context, name, host: 'ci-runner-1', time: t + i, timeline })))
  }
  return pool
}

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
