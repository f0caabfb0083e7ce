import assert from 'node:assert/strict'
import { test } from 'node:test'
import { limits } from '../../src/core/limits.ts'
import { decodeHttpBody } from '../../src/codecs/http-body.ts'
import { jsonBatches } from '../../src/codecs/json-batches.ts'
import type { ClientEvent } from '../../src/codecs/encode.ts'

const T = Date.UTC(2024, 4, 1)

test('JSON batches hold at most the items and bytes of a body, every event once, as the collector reads them', () => {
  const big = 'x'.repeat(1_000)
  const events: ClientEvent[] = Array.from({ length: 2_500 }, (_, i) => ({
    kind: 'end', context: 'c', timeline: 't', name: `s${i}`, host: '', time: T + i, attrs: { a: big, b: big },
  }))
  const bodies = [...jsonBatches(events)]
  let names: string[] = []
  for (const body of bodies) {
    assert.ok(body.length <= limits.bodyBytes, `${body.length} bytes`)
    const decoded = decodeHttpBody(body, 'application/json', T + 10_000)
    assert.deepEqual(decoded.refused, [])
    assert.ok(decoded.events.length <= limits.batchItems)
    names = names.concat(decoded.events.map((e) => e.name))
  }
  assert.deepEqual(names, events.map((e) => e.name))
  assert.ok(bodies.length > 5, `${bodies.length} bodies: split by bytes, not only by count`)
})
