import { encodeEvent } from '../../../src/protocol/encode.ts'
import { decodeDatagram } from '../../../src/protocol/datagram.ts'
const t = Date.now()
const pool: Buffer[] = []
for (let i = 0; i < 1024; i++) pool.push(Buffer.from(encodeEvent({ kind: i % 2 ? 'end' : 'start', context: 'bench-udp', name: `build.stage${(i >> 5) % 8}.step${i >> 1}`, host: 'ci-runner-1', time: t + i, timeline: 'collector-100000-7' })))
let s = 0
for (let i = 0; i < 3_000_000; i++) s += decodeDatagram(pool[i & 1023]!, t, '127.0.0.1').events.length
console.log(s)
