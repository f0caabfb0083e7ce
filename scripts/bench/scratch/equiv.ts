import assert from 'node:assert/strict'
import fc from 'fast-check'
import { buildTimeline as fresh } from '../../../src/core/timeline.ts'
import { buildTimeline as old } from '../../../node_modules/.cache/head/src/core/timeline.ts'
import type { Stored } from '../../../src/core/types.ts'
import { timelineMessages } from '../lib/timeline-data.ts'

const name = fc.constantFrom('a', 'a.b', 'a.b.c', 'a.c', 'b', 'b.x.y', 'c.d', 'a.b.d', 'z')
const msg = fc.record({
  kind: fc.constantFrom('start', 'end', 'end', 'mark', 'new', 'start'),
  name,
  host: fc.constantFrom('', 'h1', 'h2'),
  time: fc.integer({ min: 0, max: 12 }).map((t) => 1000 + t * 10),
  received: fc.integer({ min: 0, max: 5 }),
  id: fc.option(fc.constantFrom('i1', 'i2', 'i3'), { nil: undefined }),
  status: fc.option(fc.constantFrom('ok', 'error', 'FAILED', 'weird'), { nil: undefined }),
  message: fc.option(fc.constantFrom('m1', 'm2'), { nil: undefined }),
  attrs: fc.option(fc.dictionary(fc.constantFrom('k', 'j'), fc.constantFrom('v', 'w')), { nil: undefined }),
}, { requiredKeys: ['kind', 'name', 'host', 'time', 'received'] })
const clean = (m: Record<string, unknown>): Stored => {
  const out: Record<string, unknown> = { context: 'c', timeline: 't' }
  for (const [k, v] of Object.entries(m)) if (v !== undefined) out[k] = v
  if (out.kind === 'new') out.name = ''
  return out as unknown as Stored
}
const info = { context: 'c', id: 't', created: 5 }
fc.assert(fc.property(fc.array(msg, { maxLength: 40 }), (list) => {
  const messages = list.map(clean)
  // duplicates too
  const doubled = [...messages, ...messages.filter((_, i) => i % 3 === 0)]
  assert.deepEqual(fresh(info, doubled), old(info, doubled))
}), { numRuns: 30_000 })
for (const n of [1000, 10000]) {
  const m = timelineMessages(n)
  assert.deepEqual(fresh(info, m), old(info, m))
}
console.log('same')
