import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { describe, test } from 'node:test'
import { nanos, otlpJson, otlpTraces } from '../../src/codecs/export/otlp.ts'
import { T0, implied, makeTimeline, span } from '../render/make-timeline.ts'

const fixture = JSON.parse(readFileSync(new URL('../fixtures/otlp/trace.json', import.meta.url), 'utf8')) as unknown

/** Every key path of a JSON value with the type found there: `resourceSpans[].resource.attributes[].key string`. */
function shape(value: unknown, path = ''): Set<string> {
  const out = new Set<string>()
  if (Array.isArray(value)) for (const item of value) for (const p of shape(item, `${path}[]`)) out.add(p)
  else if (value !== null && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) for (const p of shape(v, path ? `${path}.${key}` : key)) out.add(p)
  } else out.add(`${path} ${typeof value}`)
  return out
}

const timeline = makeTimeline([
  implied('deploy', 0, 2_500),
  span('deploy.db', [[0, 1_000, 'error'], [1_200, 2_000]], { host: 'db-1' }),
  span('deploy.web', [500, 2_500, 'failed'], { host: 'web-1', message: 'health check failed' }),
], { context: 'deploy', id: 'v2.3' })

describe('the OTLP/JSON export', () => {
  const traces = otlpTraces(timeline, T0 + 10_000)
  const spans = traces.resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans))

  test('has the structure of the OpenTelemetry example: every path of the fixture, with the same JSON types', () => {
    const ours = shape(traces)
    const theirs = [...shape(fixture)].filter((p) => !p.startsWith('resourceSpans[].scopeSpans[].scope.attributes'))
    for (const path of theirs) assert.ok(ours.has(path), `export has ${path}`)
  })

  test('uses hex ids of the right length, one trace, and the parent span of each step', () => {
    for (const s of spans) {
      assert.match(s.traceId, /^[0-9a-f]{32}$/)
      assert.match(s.spanId, /^[0-9a-f]{16}$/)
    }
    assert.equal(new Set(spans.map((s) => s.traceId)).size, 1)
    const byName = new Map(spans.map((s) => [s.name, s]))
    assert.equal(byName.get('deploy')!.parentSpanId, undefined)
    assert.equal(byName.get('deploy.db')!.parentSpanId, byName.get('deploy')!.spanId)
    assert.equal(byName.get('deploy.web')!.parentSpanId, byName.get('deploy')!.spanId)
    assert.deepEqual(otlpTraces(timeline, T0).resourceSpans[0]!.scopeSpans[0]!.spans[0]!.spanId, spans[0]!.spanId, 'stable')
  })

  test('groups spans by host into resources named after the context', () => {
    const resources = traces.resourceSpans.map((r) => r.resource.attributes.map((a) => `${a.key}=${Object.values(a.value)[0]}`))
    assert.deepEqual(resources, [
      ['service.name=deploy', 'upto.timeline=v2.3'],
      ['service.name=deploy', 'host.name=db-1', 'upto.timeline=v2.3'],
      ['service.name=deploy', 'host.name=web-1', 'upto.timeline=v2.3'],
    ])
  })

  test('writes times as nanosecond strings, statuses as OK or ERROR, and retries as events', () => {
    const db = spans.find((s) => s.name === 'deploy.db')!
    assert.equal(db.startTimeUnixNano, `${T0}000000`)
    assert.equal(db.endTimeUnixNano, `${T0 + 2_000}000000`)
    assert.deepEqual(db.status, { code: 2 }, 'its first attempt failed')
    assert.deepEqual(db.events!.map((e) => e.name), ['attempt 1 done', 'attempt 2 done'])
    const web = spans.find((s) => s.name === 'deploy.web')!
    assert.deepEqual(web.status, { code: 2, message: 'health check failed' })
  })

  test('makes a failed attempt the span\'s ERROR with its message, though a retry passed', () => {
    const retried = otlpTraces(makeTimeline([span('migrate', [[0, 10, 'error'], [12, 30]])]), T0 + 100)
    const [migrate] = retried.resourceSpans[0]!.scopeSpans[0]!.spans
    assert.deepEqual(migrate!.status, { code: 2 })
    const withMessage = makeTimeline([span('migrate', [[0, 10, 'failed'], [12, 30]], { message: 'lock timeout' })])
    withMessage.rows[0]!.attempts[0]!.message = 'lock timeout'
    withMessage.rows[0]!.attempts[1]!.message = undefined
    assert.deepEqual(otlpTraces(withMessage, T0).resourceSpans[0]!.scopeSpans[0]!.spans[0]!.status, { code: 2, message: 'lock timeout' })
  })

  test('says a running span runs, and leaves its status unset, even after a failed attempt', () => {
    const running = otlpTraces(makeTimeline([span('deploy', [[0, 10, 'error'], [12]])]), T0 + 100)
    const [deploy] = running.resourceSpans[0]!.scopeSpans[0]!.spans
    assert.deepEqual(deploy!.status, { code: 0 })
    assert.ok(deploy!.attributes.some((a) => a.key === 'upto.running' && 'boolValue' in a.value && a.value.boolValue === true))
    assert.equal(deploy!.endTimeUnixNano, `${T0 + 100}000000`, 'ends at the time of the export')
  })

  test('streams the same JSON, a piece at a time', () => {
    const pieces = [...otlpJson(timeline, T0 + 10_000)]
    assert.ok(pieces.length > 3)
    assert.deepEqual(JSON.parse(pieces.join('')), JSON.parse(JSON.stringify(traces)))
  })

  test('keeps sub-millisecond times, beyond what a number of nanoseconds could hold', () => {
    assert.equal(nanos(1_700_000_000_123.25), '1700000000123250000')
    assert.equal(nanos(1_700_000_000_123), '1700000000123000000')
  })
})
