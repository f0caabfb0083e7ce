import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fillBusyStore, BIG_CONTEXT, BIG_TIMELINE } from './bench/lib/busy-store.ts'
import { startCollector } from '../src/server/collector.ts'
import { Session } from 'node:inspector/promises'
const data = await mkdtemp(join(tmpdir(), 'prof-'))
await fillBusyStore(data, 20_000, 200_000)
const c = await startCollector({ data, port: 0, host: '127.0.0.1', log: () => {} })
const base = `http://127.0.0.1:${c.httpPort}`
const get = async (p: string) => { const r = await fetch(base + p); await r.arrayBuffer() }
await get(`/c/${BIG_CONTEXT}/${BIG_TIMELINE}`)
// gaps
const gaps: { at: number; ms: number }[] = []
let last = performance.now()
const timer = setInterval(() => { const now = performance.now(); if (now - last > 25) gaps.push({ at: last, ms: now - last }); last = now }, 1)
const session = new Session(); session.connect()
await session.post('Profiler.enable'); await session.post('Profiler.setSamplingInterval', { interval: 200 }); await session.post('Profiler.start')
const t0 = performance.now()
await get(`/c/${BIG_CONTEXT}/${BIG_TIMELINE}`)
await get('/')
const t1 = performance.now()
const { profile } = await session.post('Profiler.stop') as any
clearInterval(timer)
console.log('took', (t1 - t0).toFixed(0), 'gaps', gaps.map((g) => g.ms.toFixed(0)).join(' '))
// samples with absolute times: profile.startTime µs (monotonic), deltas
const byId = new Map<number, any>(profile.nodes.map((n: any) => [n.id, n]))
const parent = new Map<number, number>()
for (const n of profile.nodes) for (const ch of n.children ?? []) parent.set(ch, n.id)
let t = profile.startTime
const times: number[] = []
for (const d of profile.timeDeltas) { t += d; times.push(t) }
// map profiler clock to performance.now: assume last sample ≈ t1
const offset = t1 * 1000 - times[times.length - 1]!
for (const g of gaps.sort((a, b) => b.ms - a.ms).slice(0, 4)) {
  const from = g.at * 1000 - offset, to = (g.at + g.ms) * 1000 - offset
  const self = new Map<string, number>()
  profile.samples.forEach((id: number, i: number) => {
    if (times[i]! < from || times[i]! > to) return
    // stack: up to 4 frames
    const names: string[] = []
    let cur: number | undefined = id
    while (cur !== undefined && names.length < 5) { const n = byId.get(cur); const f = n.callFrame; if (f.functionName !== '(root)') names.push(`${f.functionName || '(anon)'}@${f.url.split('/').slice(-1)[0]}:${f.lineNumber + 1}`); cur = parent.get(cur) }
    const k = names.join(' < ')
    self.set(k, (self.get(k) ?? 0) + (profile.timeDeltas[i] ?? 0))
  })
  console.log(`\n== gap ${g.ms.toFixed(0)} ms`)
  for (const [k, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 6)) console.log((us / 1000).toFixed(1).padStart(6), k)
}
await c.close()
