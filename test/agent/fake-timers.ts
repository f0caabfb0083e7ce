// Timers the test moves forward: nothing waits for real time to pass.

import type { Timers } from '../../src/agent/service/service-agent.ts'

export interface FakeTimers extends Timers {
  /** Runs, in order, every timer due within `ms`, letting what each starts run between them. */
  advance(ms: number): Promise<void>
  /** How many timers are set and not yet run or cleared: what would keep a real process alive. */
  pending(): number
}

export function fakeTimers(start = Date.UTC(2026, 5, 1)): FakeTimers {
  let now = start
  let nextId = 1
  const due = new Map<number, { at: number; fn: () => void }>()
  const settle = () => new Promise((resolve) => setImmediate(resolve))
  return {
    now: () => now,
    setTimeout(fn, ms) {
      const id = nextId++
      due.set(id, { at: now + ms, fn })
      return id
    },
    clearTimeout(handle) {
      due.delete(handle as number)
    },
    pending: () => due.size,
    async advance(ms) {
      const until = now + ms
      for (;;) {
        const [id, next] = [...due.entries()].sort((a, b) => a[1].at - b[1].at)[0] ?? []
        if (id === undefined || next === undefined || next.at > until) break
        due.delete(id)
        now = next.at
        next.fn()
        await settle()
      }
      now = until
      await settle()
    },
  }
}
