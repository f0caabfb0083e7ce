import { decode } from '@msgpack/msgpack'
import { encodeBatch } from '../../../src/protocol/encode.ts'
import { decodeHttpBody } from '../../../src/protocol/http-body.ts'
import { decodeMsgpack } from '../../../src/protocol/msgpack.ts'
const t = Date.now()
const bodies: Buffer[] = []
for (let b = 0; b < 64; b++) bodies.push(Buffer.from(encodeBatch(Array.from({ length: 100 }, (_, i) => ({ kind: i % 2 ? 'end' as const : 'start' as const, context: 'bench-http', name: `build.stage${b % 8}.step${b * 100 + (i >> 1)}`, host: 'ci-runner-1', time: t + i, timeline: 'collector-1' })))))
const cpu = () => { const u = process.cpuUsage(); return u.user + u.system }
const N = 3000
const runs: Record<string, number[]> = { floor: [], ours: [] }
for (let r = 0; r < 5; r++) {
  let c0 = cpu(); for (let i = 0; i < N; i++) decode(bodies[i & 63]!); runs.floor!.push((cpu() - c0) / N / 100 * 1000)
  c0 = cpu(); for (let i = 0; i < N; i++) decodeHttpBody(bodies[i & 63]!, 'application/msgpack', t, '127.0.0.1'); runs.ours!.push((cpu() - c0) / N / 100 * 1000)
}
const med = (x: number[]) => [...x].sort((p, q) => p - q)[x.length >> 1]!.toFixed(0)
console.log('ns/event: @msgpack/msgpack decode', med(runs.floor!), 'ours decode+validate', med(runs.ours!))
