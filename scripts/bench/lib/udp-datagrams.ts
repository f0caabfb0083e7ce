// The datagrams of the UDP benchmarks, as the original client sends them: one event each, the six keys
// plus `timeline`.

import { encodeEvent } from '../../../src/codecs/encode.ts'

export const POOL = 1024

/** Distinct starts and ends of one timeline, sent over and over. */
export function datagrams(context: string, timeline: string): Buffer[] {
  const t = Date.now()
  const pool: Buffer[] = []
  for (let i = 0; i < POOL; i++) {
    const kind = i % 2 === 0 ? 'start' : 'end'
    const name = `build.stage${(i >> 5) % 8}.step${i >> 1}`
    pool.push(Buffer.from(encodeEvent({ kind, context, name, host: 'ci-runner-1', time: t + i, timeline })))
  }
  return pool
}
