// Messages of a big CI-like timeline for the streaming tests: stage{s}.job{j}.step{k}, jobs side by side,
// a failure now and then, attrs and a message with markup on some.

import type { Stored } from '../../src/core/types.ts'

export const BIG_T0 = Date.UTC(2026, 0, 5, 9, 0, 0)

export function bigTimelineMessages(stages: number, jobs: number, steps: number, context = 'big', timeline = 't1'): Stored[] {
  const out: Stored[] = []
  for (let s = 0; s < stages; s++) {
    for (let j = 0; j < jobs; j++) {
      for (let k = 0; k < steps; k++) {
        const name = `stage${s}.job${j}.step${k}`
        const time = BIG_T0 + s * 10_000_000 + k * 1_000 + j
        const base = { context, timeline, name, host: `runner-${j % 5}` }
        out.push({ ...base, kind: 'start', time, received: time, ...(k % 13 === 0 ? { attrs: { commit: '<abc>' } } : {}) })
        if (k % 211 === 5) continue // still running
        const failed = k % 31 === 3
        out.push({ ...base, kind: 'end', time: time + 700, received: time + 700, ...(failed ? { status: 'error', message: 'exit 1 </script>' } : {}) })
      }
    }
  }
  // arrival order is not time order
  for (let i = 1; i < out.length; i += 17) [out[i - 1], out[i]] = [out[i]!, out[i - 1]!]
  return out
}
