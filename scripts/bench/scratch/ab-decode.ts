import { encodeEvent } from '../../../src/protocol/encode.ts'
import * as now from '../../../src/protocol/datagram.ts'
import * as old from '../../../node_modules/.cache/head/src/protocol/datagram.ts'
const t = Date.now()
const pool: Buffer[] = []
for (let i = 0; i < 1024; i++) pool.push(Buffer.from(encodeEvent({ kind: i % 2 ? 'end' : 'start', context: 'bench-udp', name: `build.stage${(i >> 5) % 8}.step${i >> 1}`, host: 'ci-runner-1', time: t + i, timeline: 'collector-100000-7' })))
const cpu = () => { const u = process.cpuUsage(); return u.user + u.system }
const N = 400_000
function run(d: typeof now) { let s = 0; const c0 = cpu(); for (let i = 0; i < N; i++) s += d.decodeDatagram(pool[i & 1023]!, t, '127.0.0.1').events.length; return (cpu() - c0) / N * 1000 }
const a: number[] = [], b: number[] = []
for (let r = 0; r < 7; r++) { a.push(run(old as typeof now)); b.push(run(now)) }
const med = (x: number[]) => [...x].sort((p, q) => p - q)[x.length >> 1]!.toFixed(0)
console.log('decode+validate ns/datagram: HEAD', med(a), 'now', med(b))
