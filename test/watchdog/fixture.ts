// A watchdog over a memory store's state, with a clock and timers the test moves, and the marks it ingests.

import type { Incoming } from '../../src/core/types.ts'
import { createLogger } from '../../src/pipeline/log.ts'
import type { Ingest } from '../../src/pipeline/ingest.ts'
import { defaultAgentTimings, defaultTopics, protocolVersion, type OnboardingRequest } from '../../src/facets/watchdog/model/messages.ts'
import type { Policy } from '../../src/facets/watchdog/model/onboarding.ts'
import { defaultTimeouts, type Identifier, type Timeouts } from '../../src/facets/watchdog/model/types.ts'
import { serviceStore } from '../../src/facets/watchdog/service-store.ts'
import { createWatchdog, type Timers, type Watchdog } from '../../src/facets/watchdog/watchdog.ts'
import type { StateBackend } from '../../src/store/types.ts'
import { createMemoryStore } from '../../src/store/memory.ts'

export const t0 = Date.UTC(2026, 11, 2, 12, 0, 0)

/** Timers that fire only when the test moves the clock past them. */
export class FakeTimers implements Timers {
  pending = new Map<number, { at: number; run: () => void }>()
  private next = 1
  constructor(private clock: { now: number }) {}
  set(run: () => void, ms: number) {
    const id = this.next++
    this.pending.set(id, { at: this.clock.now + ms, run })
    return id
  }
  clear(handle: unknown) {
    this.pending.delete(handle as number)
  }
  /** Moves the clock to `to`, firing each timer due on the way at its own time. */
  advance(to: number) {
    for (;;) {
      const due = [...this.pending].filter(([, t]) => t.at <= to).sort((a, b) => a[1].at - b[1].at)[0]
      if (due === undefined) break
      this.pending.delete(due[0])
      this.clock.now = Math.max(this.clock.now, due[1].at)
      due[1].run()
    }
    this.clock.now = to
  }
}

export interface DogFixture {
  dog: Watchdog
  clock: { now: number }
  timers: FakeTimers
  marks: Incoming[]
  refusals: string[]
  state: StateBackend
}

export async function dogFixture(options: { state?: StateBackend; timeouts?: Timeouts; policy?: Policy; now?: number } = {}): Promise<DogFixture> {
  const state = options.state ?? createMemoryStore().state('watchdog')
  const clock = { now: options.now ?? t0 }
  const timers = new FakeTimers(clock)
  const marks: Incoming[] = []
  const refusals: string[] = []
  const ingest = { push: (events: readonly Incoming[]) => (marks.push(...events), true) } as unknown as Ingest
  const dog = createWatchdog({
    store: serviceStore(state), ingest, log: createLogger({ sink: () => {} }), now: () => clock.now, timers,
    timeouts: options.timeouts ?? defaultTimeouts, policy: options.policy ?? { expected: [], enforcement: 'none' },
    topics: defaultTopics, timings: defaultAgentTimings, context: 'services',
    refused: (reason) => refusals.push(reason), accepted: () => {},
  })
  await dog.load()
  return { dog, clock, timers, marks, refusals, state }
}

export function request(uuid: string, identifier: Partial<Identifier> = {}): OnboardingRequest {
  return {
    uuid, 'onboarding-topic': `test/onboarding/${uuid}`, 'protocol-version': protocolVersion, timestamp: new Date(t0).toISOString(),
    identifier: { type: 'Web', name: 'api', location: 'vienna', 'host-name': 'web-1.example', ...identifier },
  }
}
