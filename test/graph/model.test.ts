// The service graph's pure rules: health and staleness, the servicegraph-context header, ids and times, the
// window split into hours and minutes, the traffic percentile.

import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { byTraffic, sumPairs, type Pair } from '../../src/facets/graph/model/answer.ts'
import { parseQuery } from '../../src/facets/graph/model/query.ts'
import type { EdgeRow, GraphNode } from '../../src/facets/graph/model/types.ts'
import { formatGraphContext, parseGraphContext } from '../../src/codecs/graph-context.ts'
import { isStale, isUnhealthy } from '../../src/facets/graph/model/health.ts'
import { isoSeconds, parseRfc3339 } from '../../src/facets/graph/model/time.ts'
import { normalUuid } from '../../src/core/uuid.ts'
import { windowSpans } from '../../src/facets/graph/model/window.ts'

const H = 3_600_000
const M = 60_000

describe('health', () => {
  test('unhealthy under 98% ok against expected errors or 99% against unexpected ones', () => {
    const c = (ok: number, expected: number, unexpected: number) => isUnhealthy({ ok, expected, unexpected })
    assert.equal(c(0, 0, 0), false) // nothing at all is healthy
    assert.equal(c(98, 2, 0), false)
    assert.equal(c(97, 3, 0), true)
    assert.equal(c(99, 0, 1), false)
    assert.equal(c(98, 0, 2), true)
    assert.equal(c(0, 1, 0), true) // ok 0 with errors
    assert.equal(c(0, 0, 1), true)
  })

  test('stale when silent for an hour, or never heard of', () => {
    assert.equal(isStale(1_000, 1_000 + H - 1), false)
    assert.equal(isStale(1_000, 1_000 + H), true)
    assert.equal(isStale(undefined, 0), true)
  })
})

describe('the servicegraph-context header', () => {
  const service = '5f1e7d4c-0d2a-4a8e-9a1b-3c4d5e6f7a8b'
  const transaction = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d'

  test('is written and read back', () => {
    const header = formatGraphContext({ serviceNode: service, transactionNode: transaction })
    assert.equal(header, `service-node=${service} transaction-node=${transaction}`)
    assert.deepEqual(parseGraphContext(header), { serviceNode: service, transactionNode: transaction })
  })

  test('takes 32 hex digits, either node alone, and leaves out what it does not know', () => {
    assert.deepEqual(parseGraphContext(`service-node=${service.replace(/-/g, '').toUpperCase()}`), { serviceNode: service })
    assert.deepEqual(parseGraphContext('transaction-node=nope other=1'), {})
    assert.deepEqual(parseGraphContext(undefined), {})
  })
})

describe('ids and times', () => {
  test('a UUID is kept lower-case and hyphenated; anything else is none', () => {
    assert.equal(normalUuid('5F1E7D4C0D2A4A8E9A1B3C4D5E6F7A8B'), '5f1e7d4c-0d2a-4a8e-9a1b-3c4d5e6f7a8b')
    assert.equal(normalUuid('5f1e7d4c-0d2a-4a8e-9a1b-3c4d5e6f7a8'), undefined)
    assert.equal(normalUuid('external:db'), undefined)
  })

  test('RFC 3339 times need an offset; microseconds are read', () => {
    assert.equal(parseRfc3339('2026-12-02T12:34:00Z'), Date.UTC(2026, 11, 2, 12, 34))
    assert.equal(parseRfc3339('2026-12-02T13:34:50.123456+01:00'), Date.UTC(2026, 11, 2, 12, 34, 50, 123))
    assert.equal(parseRfc3339('2026-12-02T12:34:00'), undefined)
    assert.equal(parseRfc3339('2026-13-02T12:34:00Z'), undefined)
    assert.equal(isoSeconds(Date.UTC(2026, 11, 2, 12, 34, 5, 900)), '2026-12-02T12:34:05Z')
  })
})

describe('the window', () => {
  test('is read as whole hours from the hour buckets and the minutes at either end', () => {
    const t = Date.UTC(2026, 11, 2, 12)
    assert.deepEqual(windowSpans(t - 17 * M, t + 2 * H + 5 * M), [
      { resolution: 'minute', from: t - 17 * M, to: t - 1 },
      { resolution: 'hour', from: t, to: t + H },
      { resolution: 'minute', from: t + 2 * H, to: t + 2 * H + 5 * M },
    ])
    assert.deepEqual(windowSpans(t, t + H - M), [{ resolution: 'hour', from: t, to: t }])
    assert.deepEqual(windowSpans(t + M, t + H), [{ resolution: 'minute', from: t + M, to: t + H }])
  })
})

describe('the traffic filter', () => {
  test('keeps the pairs whose volume percentile is at least the one asked', () => {
    const pair = (ok: number) => ({ counts: { ok, expected: 0, unexpected: 0 } }) as Pair
    const pairs = [1, 2, 3, 4, 10].map(pair)
    const kept = (percent: number) => byTraffic(pairs, percent).map((p) => p.counts.ok)
    assert.deepEqual(kept(0), [1, 2, 3, 4, 10])
    assert.deepEqual(kept(60), [3, 4, 10])
    assert.deepEqual(kept(100), [10])
  })
})

describe('pairs', () => {
  const node = (nodeId: string, nodeType: GraphNode['nodeType'] = 'service'): GraphNode => ({ nodeId, nodeType, name: nodeId, parentId: null, description: null, class: null })
  const nodes = new Map([node('a'), node('b'), node('c', 'transaction')].map((n) => [n.nodeId, n]))
  const row = (from: string, to: string, status: EdgeRow['status'], n: number, last = 0): EdgeRow => ({ ts: 0, from, to, status, n, last })
  const query = parseQuery({ project_id: 1 }, 0)
  const summed = (rows: EdgeRow[], q = query) => sumPairs(nodes, rows, q).map((p) => [p.from.nodeId + p.to.nodeId, p.counts.ok, p.counts.expected, p.counts.unexpected, p.last])

  test('sum a pair\'s rows in whatever order they come, and come in pair order', () => {
    const rows = [row('b', 'a', 'ok', 1, 5), row('a', 'c', 'ok', 2), row('b', 'a', 'unexpected_error', 4, 9), row('a', 'b', 'expected_error', 8), row('a', 'c', 'ok', 16, 3)]
    const expected = [['ab', 0, 8, 0, 0], ['ac', 18, 0, 0, 3], ['ba', 1, 0, 4, 9]]
    assert.deepEqual(summed(rows), expected)
    assert.deepEqual(summed([...rows].reverse()), expected)
  })

  test('leave out rows of nodes not registered, and what the filters leave out', () => {
    const rows = [row('a', 'x', 'ok', 1), row('a', 'b', 'ok', 2), row('a', 'b', 'unexpected_error', 1), row('a', 'c', 'ok', 4), row('x', 'a', 'ok', 1)]
    assert.deepEqual(summed(rows), [['ab', 2, 0, 1, 0], ['ac', 4, 0, 0, 0]])
    assert.deepEqual(summed(rows, parseQuery({ project_id: 1, edge_statuses: ['ok'], to_types: ['service'] }, 0)), [['ab', 2, 0, 0, 0]])
  })
})
