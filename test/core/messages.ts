// Test helpers: build stored messages tersely, and reorder them.

import type { Attempt, MessageKind, Row, Stored, TimelineInfo } from '../../src/core/types.ts'

export const info: TimelineInfo = { context: 'deploy', id: 't1', created: 1 }

/** `msg('start', 'a.b', 10, { host: 'web1' })`: received defaults to the event time. */
export function msg(kind: MessageKind, name: string, time: number, extra: Partial<Stored> = {}): Stored {
  return { kind, context: 'deploy', timeline: 't1', name, host: '', time, received: time, ...extra }
}

/** Every ordering of a small list. */
export function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [[...items]]
  return items.flatMap((item, i) =>
    permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]))
}

/** A deterministic shuffle (mulberry32), so a failure can be replayed. */
export function shuffle<T>(items: readonly T[], seed: number): T[] {
  let s = seed >>> 0
  const random = (): number => {
    s = (s + 0x6d2b79f5) >>> 0
    let t = Math.imul(s ^ (s >>> 15), 1 | s)
    t ^= t + Math.imul(t ^ (t >>> 7), 61 | t)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const out = [...items]
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    const a = out[i] as T
    out[i] = out[j] as T
    out[j] = a
  }
  return out
}

/** An attempt in one line: `done 10-20 ok`, `running 30- running`, `orphan -5 orphan`. */
export function brief(a: Attempt): string {
  return `${a.state} ${a.start ?? ''}-${a.end ?? ''} ${a.status}`
}

/** A row in one line: `a.b@web1 span 10-20 ok`. */
export function briefRow(r: Row): string {
  return `${r.name}@${r.host} ${r.kind} ${r.start}-${r.end ?? ''} ${r.status}`
}
