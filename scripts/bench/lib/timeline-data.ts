// A big CI-like timeline: `events` rows under a tree of stages and jobs, on several hosts; most steps done,
// some failed, some retried, a few still running, some marks. Messages in arrival order, which is not time
// order (the builder must sort). Deterministic.

import type { Stored } from '../../../src/core/types.ts'

export const T0 = 1_700_000_000_000

export function timelineMessages(events: number, context = 'bench', timeline = 'big'): Stored[] {
  const out: Stored[] = []
  const at = (kind: Stored['kind'], name: string, host: string, time: number, more: Partial<Stored> = {}) =>
    out.push({ kind, context, timeline, name, host, time, received: time + 2 + (out.length % 5), ...more })
  const jobs = Math.max(1, Math.round(Math.sqrt(events) / 2))
  for (let i = 0; i < events; i++) {
    const job = i % jobs
    const name = `stage${job % 6}.job${job}.step${Math.floor(i / jobs)}`
    const host = `ci-runner-${job % 9}`
    const begin = T0 + Math.floor(i / jobs) * 900 + job * 37
    const length = 300 + ((i * 7919) % 5_000)
    if (i % 50 === 7) {
      at('mark', name, host, begin, { status: 'deployed' })
      continue
    }
    if (i % 97 === 3) {
      // a retry: the first attempt failed
      at('start', name, host, begin)
      at('end', name, host, begin + length, { status: 'error', message: 'exit 1' })
      at('start', name, host, begin + length + 50)
      at('end', name, host, begin + 2 * length)
      continue
    }
    at('start', name, host, begin, i % 13 === 0 ? { attrs: { commit: 'abc1234', runner: host } } : {})
    if (i % 211 === 5) continue // still running
    at('end', name, host, begin + length, i % 31 === 0 ? { status: 'failed', message: 'test suite failed' } : {})
  }
  // arrival order is not time order: swap neighbours now and then, as UDP reorders
  for (let i = 1; i < out.length; i += 17) [out[i - 1], out[i]] = [out[i]!, out[i - 1]!]
  // as a store or the API hands messages back: parsed, each string whole (not the ropes built above)
  return JSON.parse(JSON.stringify(out)) as Stored[]
}
