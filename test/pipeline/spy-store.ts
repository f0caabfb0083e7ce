// A memory store that records appends, can hold them at a gate, and can be told to fail.

import type { Stored, TimelineInfo } from '../../src/core/types.ts'
import { createMemoryStore } from '../../src/store/memory.ts'
import type { Store } from '../../src/store/types.ts'

export interface SpyStore extends Store {
  appends: Array<{ messages: readonly Stored[]; created: readonly TimelineInfo[] }>
  /** Holds every append until the returned function is called. */
  hold(): () => void
  /** The next `n` appends throw this error. */
  failNext(n: number, message: string): void
  /** Resolves when the number of appends started reaches n. */
  started(n: number): Promise<void>
}

export function createSpyStore(inner: Store = createMemoryStore()): SpyStore {
  let gate: Promise<void> | undefined
  let failures = 0
  let failure = ''
  let begun = 0
  const watchers: Array<{ n: number; done: () => void }> = []
  const spy: SpyStore = {
    ...inner,
    appends: [],
    async append(messages, created) {
      begun++
      for (const w of watchers.filter((w) => begun >= w.n)) w.done()
      if (gate) await gate
      if (failures > 0) {
        failures--
        throw new Error(failure)
      }
      spy.appends.push({ messages, created })
      await inner.append(messages, created)
    },
    hold() {
      let open = () => {}
      gate = new Promise((resolve) => (open = resolve))
      return () => {
        gate = undefined
        open()
      }
    },
    failNext(n, message) {
      failures = n
      failure = message
    },
    started(n) {
      if (begun >= n) return Promise.resolve()
      return new Promise((done) => watchers.push({ n, done }))
    },
  }
  return spy
}
